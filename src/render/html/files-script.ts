// The file browser's script, inline like the page's other one and with no
// network access: it reads the trees embedded as JSON and draws a layer's
// tree as nested <details> when the layer is opened (so a page of a large
// image stays light until used), again when the filter or the view changes.
// Names go in as text, never as markup: a path may hold anything.

/** JavaScript of the file browser (a no-op on a page without trees). */
export const FILES_SCRIPT = `
(function () {
  var data = document.getElementById('buildlens-files');
  var section = document.getElementById('files');
  if (!data || !section) return;
  var trees = JSON.parse(data.textContent || '{}');
  var layers = Array.prototype.slice.call(section.querySelectorAll('details.fb-layer'));
  var input = document.getElementById('fb-filter');
  var controls = section.querySelector('[data-fb-controls]');
  if (controls) controls.hidden = false;
  var state = { view: 'changes', query: '' };

  function grouped(n) { return n.toLocaleString('en'); }
  function size(n) {
    if (n < 1000) return n + ' B';
    var units = ['kB', 'MB', 'GB', 'TB', 'PB'];
    var i = -1;
    do { n /= 1000; i++; } while (n >= 999.5 && i < units.length - 1);
    return Number(n.toPrecision(3)).toLocaleString('en') + ' ' + units[i];
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function join(dir, name) { return dir ? dir + '/' + name : name; }
  function isDir(entry) { return entry.files !== undefined; }
  function matches(path, q) { return q !== '' && path.toLowerCase().indexOf(q) >= 0; }

  function row(parent, entry) {
    var removed = entry.mark === 'removed';
    parent.appendChild(el('span', 'fb-name' + (removed ? ' gone' : ''), entry.name + (isDir(entry) ? '/' : '')));
    parent.appendChild(el('span', 'fb-size', (removed ? 'hid ' : '') + size(entry.size)));
    if (isDir(entry)) parent.appendChild(el('span', 'fb-count', grouped(entry.files) + (entry.files === 1 ? ' file' : ' files')));
    if (entry.mark) parent.appendChild(el('span', 'fb-tag ' + entry.mark, entry.mark));
    if (entry.wasted) {
      var tag = el('span', 'fb-tag wasted', isDir(entry) ? size(entry.wasted) + ' wasted' : 'wasted');
      tag.title = 'a later layer removes or overwrites these bytes; they still ship in this layer';
      parent.appendChild(tag);
    }
  }

  function moreRow(more) {
    var what = more.entries === more.files
      ? grouped(more.files) + ' more file' + (more.files === 1 ? '' : 's')
      : grouped(more.entries) + ' more entr' + (more.entries === 1 ? 'y' : 'ies') + ' holding ' + grouped(more.files) + ' file' + (more.files === 1 ? '' : 's');
    var text = '… ' + what + ', ' + size(more.bytes) + (more.wasted ? ', ' + size(more.wasted) + ' wasted' : '') + ' (aggregated: not listed in this page)';
    var li = el('li', 'fb-more', text);
    li.setAttribute('data-testid', 'file-more');
    return li;
  }

  // An entry and what it holds, as a list item; with a query, only the way to
  // the paths that match (a directory that matches shows all it holds).
  function build(entry, path, q, inherited) {
    var self = matches(path, q);
    var shown = q === '' || inherited || self;
    var hits = self ? 1 : 0;
    var li = el('li', isDir(entry) ? 'fb-dir' : 'fb-file');
    li.setAttribute('data-testid', 'file-entry');
    li.setAttribute('data-path', path);
    if (entry.mark) li.setAttribute('data-mark', entry.mark);
    if (entry.wasted) li.setAttribute('data-wasted', 'true');
    if (!entry.children && !entry.more) {
      if (!shown) return { node: null, hits: 0 };
      var line = el('div', 'fb-row');
      row(line, entry);
      li.appendChild(line);
      return { node: li, hits: hits };
    }
    var list = el('ul', 'fb-list');
    (entry.children || []).forEach(function (child) {
      var built = build(child, join(path, child.name), q, inherited || self);
      hits += built.hits;
      if (built.node) list.appendChild(built.node);
    });
    if (entry.more && shown) list.appendChild(moreRow(entry.more));
    if (!shown && hits === 0) return { node: null, hits: 0 };
    var details = el('details');
    details.setAttribute('data-fb', '');
    if (hits > (self ? 1 : 0)) details.open = true;
    var summary = el('summary');
    row(summary, entry);
    details.appendChild(summary);
    details.appendChild(list);
    li.appendChild(details);
    return { node: li, hits: hits };
  }

  function countHits(entry, path, q) {
    var n = matches(path, q) ? 1 : 0;
    (entry.children || []).forEach(function (child) { n += countHits(child, join(path, child.name), q); });
    return n;
  }

  function viewOf(tree) { return state.view === 'merged' && tree.merged ? tree.merged : tree.changes; }

  function draw(layer) {
    var tree = trees.layers[Number(layer.getAttribute('data-layer'))];
    var box = layer.querySelector('.fb-tree');
    if (!tree || !box) return;
    box.textContent = '';
    if (state.view === 'merged' && !tree.merged)
      box.appendChild(el('p', 'muted', 'The filesystem up to this layer is not in this page (the image has too many files to embed it for every layer): this layer\\'s changes are shown.'));
    var view = viewOf(tree);
    var list = el('ul', 'fb-list fb-root');
    (view.root.children || []).forEach(function (child) {
      var built = build(child, child.name, state.query, false);
      if (built.node) list.appendChild(built.node);
    });
    if (view.root.more && state.query === '') list.appendChild(moreRow(view.root.more));
    if (list.firstChild) box.appendChild(list);
    else box.appendChild(el('p', 'muted', state.query !== '' ? 'No path in this view matches the filter.' : 'No files in this view.'));
    layer.setAttribute('data-drawn', state.view + ':' + state.query);
  }

  function refresh() {
    layers.forEach(function (layer) {
      var tree = trees.layers[Number(layer.getAttribute('data-layer'))];
      var counter = layer.querySelector('.fb-matches');
      if (tree && counter) {
        var n = state.query === '' ? -1 : countHits(viewOf(tree).root, '', state.query);
        counter.textContent = n < 0 ? '' : n === 1 ? '1 match' : grouped(n) + ' matches';
        counter.classList.toggle('none', n === 0);
      }
      if (layer.open) draw(layer);
      else layer.removeAttribute('data-drawn');
    });
  }

  section.addEventListener('toggle', function (event) {
    var layer = event.target;
    if (!(layer instanceof HTMLDetailsElement) || !layer.classList.contains('fb-layer') || !layer.open) return;
    if (layer.getAttribute('data-drawn') !== state.view + ':' + state.query) draw(layer);
  }, true);
  section.addEventListener('change', function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.name === 'fb-view' && target.checked) {
      state.view = target.value;
      refresh();
    }
  });
  var timer;
  if (input) input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim().replace(/^\\/+/, '').toLowerCase();
      if (q === state.query) return;
      state.query = q;
      refresh();
    }, 120);
  });
})();
`;
