// The focused element: what it is, whether its focus shows (an outline or a box-shadow), and whether it can be
// seen at all (some point of one of its boxes is on screen and not covered by other content, e.g. a sticky bar).
() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  const r = e.getBoundingClientRect();
  const vw = document.documentElement.clientWidth, vh = window.innerHeight;
  const pts = [[0.5, 0.5], [0.15, 0.15], [0.85, 0.15], [0.15, 0.85], [0.85, 0.85]];
  const mine = (hit) => hit && (hit === e || e.contains(hit) ||
    (e.labels && Array.from(e.labels).some(l => l.contains(hit))));
  let seen = false;
  for (const box of Array.from(e.getClientRects())) {  // a link wrapped over two lines has two boxes
    for (const [fx, fy] of pts) {
      const x = box.left + box.width * fx, y = box.top + box.height * fy;
      if (x < 0 || y < 0 || x >= vw || y >= vh) continue;
      if (mine(document.elementFromPoint(x, y))) { seen = true; break; }
    }
    if (seen) break;
  }
  const cls = typeof e.className === 'string' && e.className.trim() ?
    '.' + e.className.trim().split(/\s+/).join('.') : '';
  const text = (e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 30);
  const name = e.localName + (e.id ? '#' + e.id : '') + (e.name ? '[name=' + e.name + ']' : '') + cls +
    (text && !e.id && !e.name ? ' "' + text + '"' : '');
  return {name, tag: e.localName, type: e.type || '', inputName: e.name || '', value: e.value || '',
          checked: !!e.checked, href: e.getAttribute('href'), id: e.id || '', next: e.hasAttribute('data-step-next'),
          visible: outline || shadow, obscured: r.width > 0 && r.height > 0 && !seen};
}
