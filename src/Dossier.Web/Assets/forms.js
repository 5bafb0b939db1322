// Live help while a name is typed in a record form: its romanisation and people with similar names.
// Loaded from /assets (CSP script-src 'self'); builds DOM nodes, never HTML strings.
(() => {
  const delay = 250;
  const timers = new WeakMap();
  // The value each input's last request was for: an older answer arriving late must not replace a newer one.
  const latest = new WeakMap();

  async function preview(input) {
    const output = document.getElementById(input.getAttribute('aria-describedby'));
    if (!output) return;
    const text = input.value.trim();
    latest.set(input, text);
    output.replaceChildren();
    if (text.length === 0) return;
    const kind = input.dataset.preview;
    const response = await fetch(`/api/v1/text/preview?kind=${encodeURIComponent(kind)}&text=${encodeURIComponent(text)}`, { credentials: 'same-origin' });
    if (!response.ok || latest.get(input) !== text) return;
    const data = await response.json();
    if (latest.get(input) !== text) return;
    output.replaceChildren();
    const romanized = document.createElement('span');
    romanized.className = 'romanized';
    romanized.lang = 'en';
    romanized.dir = 'ltr';
    romanized.textContent = data.romanized;
    output.append(romanized);
    if (data.similar.length > 0) {
      const warning = document.createElement('span');
      warning.className = 'similar';
      warning.textContent = ' · ' + (document.documentElement.lang === 'fa' ? 'نام‌های مشابه: ' : 'similar: ');
      data.similar.forEach((hit, i) => {
        const link = document.createElement('a');
        link.href = `/records/${encodeURIComponent(hit.id)}`;
        link.textContent = hit.label;
        link.dir = 'auto';
        if (i > 0) warning.append(', ');
        warning.append(link);
      });
      output.append(warning);
    }
  }

  document.addEventListener('input', (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.dataset.preview) return;
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(() => preview(input), delay));
  });
})();
