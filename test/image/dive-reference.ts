import type { LayerIndex } from '../../src/layers/analyze-layer.js';

// A deliberately plain model of dive's efficiency for tests: each layer's
// tree as a flat map of paths, the stack below a layer rebuilt from scratch
// for every whiteout (as dive's StackTreeRange does), no incremental state.
// Slow, but written independently of src/image/efficiency.ts to check it.

interface Info {
  size: number;
  isDir: boolean;
}
type Tree = Map<string, Info>;

/** dive's efficiency, wasted bytes and image size, the slow way. */
export function referenceDive(layers: readonly LayerIndex[]): { efficiency: number; wastedBytes: number; sizeBytes: number } {
  const trees = layers.map(treeOf);
  const sums = new Map<string, { sum: number; min: number; count: number }>();
  trees.forEach((tree, i) => {
    const lower = i === 0 ? tree : stackRange(trees, i - 1);
    for (const path of postOrder(tree)) {
      if ([...tree.keys()].some((other) => other.startsWith(`${path}/`))) continue;
      const stat = sums.get(divePath(path)) ?? { sum: 0, min: -1, count: 0 };
      sums.set(divePath(path), stat);
      let size = (tree.get(path) as Info).size;
      if (isWhiteout(path)) {
        const hidden = lower.get(divePath(path).slice(1));
        if (!hidden) break;
        size = hidden.isDir ? [...lower].filter(([p]) => p === divePath(path).slice(1) || p.startsWith(`${divePath(path).slice(1)}/`)).reduce((s, [, info]) => s + info.size, 0) : 0;
      }
      stat.sum += size;
      if (stat.min < 0 || size < stat.min) stat.min = size;
      stat.count++;
    }
  });
  let minimum = 0;
  let discovered = 0;
  let wastedBytes = 0;
  for (const stat of sums.values()) {
    minimum += stat.min;
    discovered += stat.sum;
    if (stat.count >= 2) wastedBytes += stat.sum;
  }
  const sizeBytes = layers.reduce((s, l) => s + [...l.files.values()].reduce((a, b) => a + b, 0), 0);
  return { efficiency: discovered === 0 ? 1 : minimum / discovered, wastedBytes, sizeBytes };
}

function treeOf(layer: LayerIndex): Tree {
  const tree: Tree = new Map();
  for (const dir of layer.dirs) add(tree, dir, { size: 0, isDir: true });
  for (const [path, size] of layer.files) add(tree, path, { size, isDir: false });
  for (const target of layer.deletions) add(tree, whiteoutOf(target), { size: 0, isDir: false });
  for (const dir of layer.opaqueDirs) add(tree, `${dir}/.wh..wh..opq`, { size: 0, isDir: false });
  return tree;
}

// Adds a path: missing parents appear with no info; a ".wh..wh." name is never added.
function add(tree: Tree, path: string, info: Info): void {
  const names = path.split('/');
  for (let i = 1; i <= names.length; i++) {
    const prefix = names.slice(0, i).join('/');
    if (!tree.has(prefix)) {
      if ((names[i - 1] as string).startsWith('.wh..wh.')) return;
      tree.set(prefix, { size: 0, isDir: false });
    }
  }
  tree.set(path, { ...info });
}

function stackRange(trees: readonly Tree[], last: number): Tree {
  const stacked: Tree = new Map(trees[0]);
  for (let i = 0; i <= last; i++) {
    const upper = trees[i] as Tree;
    for (const path of postOrder(upper)) {
      if (isWhiteout(path)) {
        const target = divePath(path).slice(1);
        for (const key of [...stacked.keys()]) if (key === target || key.startsWith(`${target}/`)) stacked.delete(key);
      } else add(stacked, divePath(path).slice(1), upper.get(path) as Info);
    }
  }
  return stacked;
}

// Children before their parent, siblings in byte order.
function postOrder(tree: Tree): string[] {
  return [...tree.keys()].sort((a, b) => {
    const x = a.split('/');
    const y = b.split('/');
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as string) < (y[i] as string) ? -1 : 1;
    return y.length - x.length;
  });
}

function isWhiteout(path: string): boolean {
  return (path.split('/').pop() as string).startsWith('.wh.');
}

// dive's path: rooted, the last name's whiteout prefix dropped.
function divePath(path: string): string {
  const names = path.split('/');
  const last = names.pop() as string;
  return `/${[...names, last.startsWith('.wh.') ? last.slice(4) : last].join('/')}`;
}

function whiteoutOf(target: string): string {
  const slash = target.lastIndexOf('/');
  return slash < 0 ? `.wh.${target}` : `${target.slice(0, slash)}/.wh.${target.slice(slash + 1)}`;
}
