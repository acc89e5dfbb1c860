// The page's only script, inline and optional: the report reads fine without
// it. It links the views (hovering a line lights it in the timeline, layers
// and Dockerfile at once; clicking a row jumps to its Dockerfile line) and
// opens collapsed details before printing so paper shows the evidence
// (the file browser's excepted).

/** JavaScript for the HTML report (no network access, no dependencies). */
export const SCRIPT = `
(function () {
  var lit = [];
  function clear() { lit.forEach(function (el) { el.classList.remove('hl'); }); lit = []; }
  document.addEventListener('mouseover', function (event) {
    var target = event.target instanceof Element ? event.target.closest('[data-line]') : null;
    var line = target ? target.getAttribute('data-line') : null;
    if (lit.length && lit.indexOf(target) >= 0) return;
    clear();
    if (!line) return;
    lit = Array.prototype.slice.call(document.querySelectorAll('[data-line="' + CSS.escape(line) + '"]'));
    lit.forEach(function (el) { el.classList.add('hl'); });
  });
  document.addEventListener('click', function (event) {
    if (!(event.target instanceof Element) || event.target.closest('a,summary,details')) return;
    var row = event.target.closest('[data-testid="timeline-bar"],[data-testid="layer-bar"],[data-testid="cache-miss"]');
    var line = row ? row.getAttribute('data-line') : null;
    if (line) location.hash = 'L' + line;
  });
  window.addEventListener('beforeprint', function () {
    // The file browser stays as it is: opening every directory of every layer would print thousands of lines.
    document.querySelectorAll('details:not([data-fb])').forEach(function (d) { d.open = true; });
  });
})();
`;
