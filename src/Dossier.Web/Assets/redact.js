// Redaction boxes drawn with the mouse (or a finger) over the page pictures of /evidence/HASH/redact (ADR 1814).
// The form's text box is the truth: each box drawn adds a line PAGE:X,Y,WIDTH,HEIGHT in the picture's own pixels,
// and the boxes shown are redrawn from its lines, so typing, editing or deleting a line is drawing too.
// Loaded from /assets (CSP script-src 'self'); builds DOM nodes, never HTML strings.
(() => {
  const field = document.getElementById('regions');
  const figures = Array.from(document.querySelectorAll('figure.redact-page'));
  if (!field || figures.length === 0) return;

  const pictureOf = (figure) => figure.querySelector('img');
  // Picture pixels per CSS pixel: the picture is shown scaled to fit the page.
  const scaleOf = (img) => (img.naturalWidth > 0 && img.clientWidth > 0 ? img.naturalWidth / img.clientWidth : 1);

  function parse() {
    return field.value.split('\n').map((line) => {
      const m = /^\s*(?:(\d+)\s*:)?\s*(-?\d+)\s*,\s*(-?\d+)\s*,\s*(-?\d+)\s*,\s*(-?\d+)\s*$/.exec(line);
      return m ? { page: Number(m[1] ?? 1), x: Number(m[2]), y: Number(m[3]), w: Number(m[4]), h: Number(m[5]) } : null;
    }).filter((r) => r !== null);
  }

  function place(box, img, r) {
    const s = scaleOf(img);
    box.style.left = `${img.offsetLeft + r.x / s}px`;
    box.style.top = `${img.offsetTop + r.y / s}px`;
    box.style.width = `${r.w / s}px`;
    box.style.height = `${r.h / s}px`;
  }

  function draw() {
    const regions = parse();
    for (const figure of figures) {
      figure.querySelectorAll('.redact-box').forEach((b) => b.remove());
      const img = pictureOf(figure);
      const page = Number(figure.dataset.page);
      for (const r of regions.filter((q) => q.page === page && q.w > 0 && q.h > 0)) {
        const box = document.createElement('div');
        box.className = 'redact-box';
        box.setAttribute('aria-hidden', 'true');
        place(box, img, r);
        figure.append(box);
      }
    }
  }

  for (const figure of figures) {
    const img = pictureOf(figure);
    const page = Number(figure.dataset.page);
    let start = null;
    let box = null;

    const point = (event) => {
      const rect = img.getBoundingClientRect();
      const s = scaleOf(img);
      const x = Math.min(Math.max(event.clientX - rect.left, 0), rect.width) * s;
      const y = Math.min(Math.max(event.clientY - rect.top, 0), rect.height) * s;
      return { x, y };
    };
    const region = (a, b) => {
      // Rounded outward, and kept inside the picture.
      const x = Math.max(0, Math.floor(Math.min(a.x, b.x)));
      const y = Math.max(0, Math.floor(Math.min(a.y, b.y)));
      const right = Math.min(img.naturalWidth, Math.ceil(Math.max(a.x, b.x)));
      const bottom = Math.min(img.naturalHeight, Math.ceil(Math.max(a.y, b.y)));
      return { page, x, y, w: right - x, h: bottom - y };
    };

    img.addEventListener('load', draw);
    img.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      img.setPointerCapture(event.pointerId);
      start = point(event);
      box = document.createElement('div');
      box.className = 'redact-box drawing';
      box.setAttribute('aria-hidden', 'true');
      figure.append(box);
      place(box, img, region(start, start));
    });
    img.addEventListener('pointermove', (event) => {
      if (!start) return;
      place(box, img, region(start, point(event)));
    });
    const finish = (event) => {
      if (!start) return;
      const r = region(start, point(event));
      start = null;
      box.remove();
      box = null;
      // A click without a drag is not a box.
      if (r.w < 2 || r.h < 2) return;
      const text = field.value.replace(/\s+$/, '');
      field.value = `${text}${text ? '\n' : ''}${r.page}:${r.x},${r.y},${r.w},${r.h}`;
      field.dispatchEvent(new Event('input', { bubbles: true }));
    };
    img.addEventListener('pointerup', finish);
    img.addEventListener('pointercancel', () => {
      start = null;
      box?.remove();
      box = null;
    });
  }

  field.addEventListener('input', draw);
  window.addEventListener('resize', draw);
  draw();
})();
