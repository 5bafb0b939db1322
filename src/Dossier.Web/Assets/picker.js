// Record pickers (issue 18 §5): an id field with data-picker offers records whose names match what is typed, in any
// script, from /api/v1/search (the reader's own access). Without this script the field still takes a typed id.
// Loaded from /assets (CSP script-src 'self'); builds DOM nodes, never HTML strings.
(() => {
  const delay = 200;
  const timers = new WeakMap();
  const latest = new WeakMap();

  async function offer(input) {
    const list = document.getElementById(input.getAttribute('list'));
    const text = input.value.trim();
    latest.set(input, text);
    if (!list || text.length < 2) return;
    const kind = input.dataset.picker;
    const url = `/api/v1/search?q=${encodeURIComponent(text)}&limit=10` + (kind ? `&kind=${encodeURIComponent(kind)}` : '');
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok || latest.get(input) !== text) return;
    const hits = await response.json();
    if (latest.get(input) !== text) return;
    const synthetic = input.dataset.syntheticLabel || 'SYNTHETIC';
    list.replaceChildren(...hits.filter(h => h.kind !== 'document').map(hit => {
      const option = document.createElement('option');
      option.value = hit.id;
      option.label = hit.synthetic ? `${hit.label} [${synthetic}]` : hit.label;
      option.textContent = option.label;
      return option;
    }));
  }

  document.addEventListener('input', (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.dataset.picker === undefined) return;
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(() => offer(input), delay));
  });
})();
