// Zoom and pan for the server-drawn timeline: mouse wheel, drag, keys (+ − ← → 0) and buttons.
// The server draws every bar with its span in day numbers (data-from/data-to, end exclusive); this script
// only moves bars, hides those outside the view and redraws the axis. Without it the links still work.
// When the server drew time right to left (data-direction=rtl, the Persian UI), positions are worked out in time
// order and mirrored, and the arrows follow what the reader sees: ← is later, → is earlier.
(() => {
  const svgNs = 'http://www.w3.org/2000/svg';
  const epochDay = 719162; // DateOnly.DayNumber of 1970-01-01
  const minSpan = 3;
  const persian = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });

  const pad = (n, w) => String(n).padStart(w, '0');
  const toDate = day => new Date((day - epochDay) * 86400000);
  const toDay = date => Math.floor(date.getTime() / 86400000) + epochDay;

  // Year, month and day of a day number in the reader's calendar.
  const solarCache = new Map();
  function parts(day, solar) {
    const date = toDate(day);
    if (!solar) return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
    let hit = solarCache.get(day);
    if (!hit) {
      const p = Object.fromEntries(persian.formatToParts(date).map(x => [x.type, x.value]));
      hit = { y: parseInt(p.year, 10), m: parseInt(p.month, 10), d: parseInt(p.day, 10) };
      solarCache.set(day, hit);
    }
    return hit;
  }

  // First days of months (and so of years) in the calendar: a Solar Hijri month starts between the
  // 19th and the 25th of a Gregorian month, so only those days are looked at.
  function monthStarts(from, to, solar) {
    const starts = [];
    const first = toDate(from);
    for (let y = first.getUTCFullYear(), m = first.getUTCMonth(); ; m++) {
      const base = toDay(new Date(Date.UTC(y, m, 1)));
      if (base > to) break;
      if (!solar) { if (base >= from) starts.push(base); continue; }
      for (let day = base + 18; day <= base + 25; day++) {
        if (parts(day, true).d === 1) { if (day >= from && day <= to) starts.push(day); break; }
      }
    }
    return starts;
  }

  // Ticks like the server's: whole years (1, 2, 5, 10 … apart), months (1 or 3) or days (1 or 7).
  function ticks(from, to, solar) {
    const days = to - from;
    const sep = solar ? '/' : '-';
    const out = [];
    if (days > 3 * 365) {
      const step = [1, 2, 5, 10, 20, 50, 100, 200, 500].find(s => days / 365 / s <= 14) ?? 1000;
      const starts = days > 80 * 365
        ? [] // Very long spans: year starts computed directly (Gregorian January; Nowruz about 20 March).
        : monthStarts(from, to, solar).filter(d => parts(d, solar).m === 1);
      if (days > 80 * 365) {
        for (let y = toDate(from).getUTCFullYear(); y <= toDate(to).getUTCFullYear() + 1; y++) {
          const day = toDay(new Date(Date.UTC(y, solar ? 2 : 0, solar ? 21 : 1)));
          if (day >= from && day < to) starts.push(day);
        }
      }
      for (const day of starts) {
        const y = parts(day, solar).y;
        if (y % step === 0) out.push([day, String(y)]);
      }
    } else if (days > 45) {
      const step = days > 500 ? 3 : 1;
      for (const day of monthStarts(from, to, solar)) {
        const p = parts(day, solar);
        if ((p.m - 1) % step === 0) out.push([day, `${pad(p.y, 4)}${sep}${pad(p.m, 2)}`]);
      }
    } else {
      const step = days > 14 ? 7 : 1;
      for (let day = from; day < to; day += step) {
        const p = parts(day, solar);
        out.push([day, `${pad(p.y, 4)}${sep}${pad(p.m, 2)}${sep}${pad(p.d, 2)}`]);
      }
    }
    return out;
  }

  function setUp(box) {
    const svg = box.querySelector('svg.timeline');
    if (!svg) return;
    const full = { from: +svg.dataset.from, to: +svg.dataset.to };
    const left = +svg.dataset.left, right = +svg.dataset.right;
    const solar = svg.dataset.calendar === 'solar-hijri';
    const rtl = svg.dataset.direction === 'rtl';
    const mirror = v => (rtl ? left + right - v : v);
    const digits = svg.dataset.digits === 'persian' ? text => text.replace(/[0-9]/g, c => String.fromCharCode(0x06F0 + +c)) : text => text;
    const height = svg.viewBox.baseVal.height;
    const axis = svg.querySelector('line.axis');
    const axisY = +axis.getAttribute('y1');
    const items = [...svg.querySelectorAll('a.item')];
    const rows = [...document.querySelectorAll('table.chart-table tbody tr[data-from]')];
    const status = document.getElementById('timeline-range');
    const view = { ...full };

    // x in time order (earlier to the left); mirror() turns it into where it is drawn.
    const x = day => left + (day - view.from) * (right - left) / (view.to - view.from);
    const label = day => { const p = parts(day, solar); const s = solar ? '/' : '-'; return digits(`${pad(p.y, 4)}${s}${pad(p.m, 2)}${s}${pad(p.d, 2)}`); };

    function draw() {
      for (const a of items) {
        const from = +a.dataset.from, to = +a.dataset.to;
        const inView = to > view.from && from < view.to;
        // A presentation attribute, not a style: the CSP allows no inline styles.
        if (inView) a.removeAttribute('display'); else a.setAttribute('display', 'none');
        if (!inView) continue;
        let x1 = Math.max(left, x(from)), x2 = Math.min(right, x(to));
        if (x2 - x1 < 5) { const mid = (x1 + x2) / 2; x1 = mid - 2.5; x2 = mid + 2.5; }
        const rect = a.querySelector('rect'), text = a.querySelector('text');
        rect.setAttribute('x', Math.min(mirror(x1), mirror(x2)).toFixed(1));
        rect.setAttribute('width', (x2 - x1).toFixed(1));
        if (text) text.setAttribute('x', mirror(a.dataset.side === 'r' ? x2 + 4 : x1 - 4).toFixed(1));
      }
      for (const tr of rows) tr.hidden = !(+tr.dataset.to > view.from && +tr.dataset.from < view.to);
      const group = svg.querySelector('g.ticks');
      group.replaceChildren();
      for (const [day, text] of ticks(view.from, view.to, solar)) {
        const tx = mirror(x(day));
        const line = document.createElementNS(svgNs, 'line');
        for (const [k, v] of [['class', 'tick'], ['x1', tx], ['x2', tx], ['y1', axisY - 4], ['y2', height]]) line.setAttribute(k, v);
        const t = document.createElementNS(svgNs, 'text');
        // The label sits on the later side of its tick, as the server draws it.
        for (const [k, v] of [['class', 'tick-label'], ['x', rtl ? tx - 3 : tx + 3], ['y', axisY - 8], ['direction', 'ltr']]) t.setAttribute(k, v);
        if (rtl) t.setAttribute('text-anchor', 'end');
        t.textContent = digits(text);
        group.append(line, t);
      }
      svg.dataset.viewFrom = view.from;
      svg.dataset.viewTo = view.to;
      if (status) status.textContent = `${label(view.from)} – ${label(view.to - 1)}`;
    }

    // Zoom by a factor around a day (the pointer's, or the middle), within 3 days and 8 times the whole span.
    function zoom(factor, at = (view.from + view.to) / 2) {
      const span = Math.min(Math.max((view.to - view.from) * factor, minSpan), (full.to - full.from) * 8);
      const share = (at - view.from) / (view.to - view.from);
      view.from = Math.round(at - span * share);
      view.to = Math.max(view.from + minSpan, Math.round(view.from + span));
      draw();
    }

    function pan(days) { view.from += Math.round(days); view.to += Math.round(days); draw(); }
    function reset() { Object.assign(view, full); draw(); }
    const dayAt = clientX => { const r = svg.getBoundingClientRect(); const vx = mirror((clientX - r.left) * svg.viewBox.baseVal.width / r.width); return view.from + (vx - left) * (view.to - view.from) / (right - left); };
    // Days from a move on screen: a move to the right goes later, or earlier when time runs leftwards.
    const onScreen = days => (rtl ? -days : days);

    box.tabIndex = 0;
    box.setAttribute('role', 'region');
    box.setAttribute('aria-label', box.dataset.labelHelp);
    box.addEventListener('wheel', e => { e.preventDefault(); zoom(e.deltaY < 0 ? 0.8 : 1.25, dayAt(e.clientX)); }, { passive: false });
    box.addEventListener('keydown', e => {
      const step = (view.to - view.from) / 5;
      const act = { '+': () => zoom(0.5), '=': () => zoom(0.5), '-': () => zoom(2), '_': () => zoom(2), ArrowLeft: () => pan(onScreen(-step)), ArrowRight: () => pan(onScreen(step)), '0': reset, Home: reset }[e.key];
      if (act && e.target === box) { e.preventDefault(); act(); }
    });
    let drag = null;
    box.addEventListener('pointerdown', e => { if (e.button === 0 && !e.target.closest('a')) { drag = { x: e.clientX, from: view.from, to: view.to }; box.setPointerCapture(e.pointerId); } });
    box.addEventListener('pointermove', e => {
      if (!drag) return;
      const r = svg.getBoundingClientRect();
      const days = onScreen((e.clientX - drag.x) * svg.viewBox.baseVal.width / r.width * (drag.to - drag.from) / (right - left));
      view.from = Math.round(drag.from - days); view.to = Math.round(drag.to - days); draw();
    });
    box.addEventListener('pointerup', () => { drag = null; });

    // Buttons replace the page-reloading links, which stay for readers without JavaScript.
    const nav = document.querySelector('nav.chart-controls');
    if (nav) {
      const buttons = document.createElement('div');
      buttons.className = 'zoom-buttons';
      const [earlier, later] = rtl ? ['→', '←'] : ['←', '→'];
      for (const [text, name, act] of [['−', 'labelOut', () => zoom(2)], ['+', 'labelIn', () => zoom(0.5)], [earlier, 'labelEarlier', () => pan(-(view.to - view.from) / 5)], [later, 'labelLater', () => pan((view.to - view.from) / 5)], ['⟲', 'labelReset', reset]]) {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = text;
        b.title = box.dataset[name];
        b.setAttribute('aria-label', box.dataset[name]);
        b.addEventListener('click', act);
        buttons.append(b);
      }
      nav.hidden = true;
      nav.after(buttons);
    }
    draw();
  }

  const start = () => document.querySelectorAll('[data-zoom=timeline]').forEach(setUp);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
