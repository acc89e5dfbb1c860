import type { FileTreeLimits, ImageFileTrees, LayerFileTree } from '../model/file-tree.js';
import type { LayerIndex } from './analyze-layer.js';
import { LayerStack } from './layer-stack.js';
import type { RemovedFile } from './stacked-fs.js';
import { boundTree, type TreeBounds } from './tree-bound.js';
import { stackedSource } from './tree-sources.js';

// The file browser's trees, from the layers' path indexes (base first), made
// once the analysis has read every layer and before the indexes are let go;
// what is kept is bounded whatever the image holds. A file is wasted by what
// comes after it, so which files later layers remove or overwrite is known
// first (heard during the accounting, or found by a pass of its own), then
// the layers are stacked again and each layer's views made as it lands. The
// filesystem up to a layer costs a walk of every file below it, so on images
// with many files and layers only the top layers get that view, within a
// fixed amount of work.

/** Bounds of the trees; the defaults keep the trees of a 100 000-file image well under 1 MB. */
export interface FileTreeOpts {
  /** Entries kept per directory. */
  perDirectory?: number;
  /** Directory levels below the root that are expanded. */
  depth?: number;
  /** Entries kept per view, at most and at least (the total is shared out among the views). */
  perViewMax?: number;
  perViewMin?: number;
  /** Entries across all views. */
  total?: number;
  /** Files walked for the merged views, summed over the layers that get one. */
  mergedWork?: number;
  /** Per layer, the paths of its files a later layer removes or overwrites, as a wasteRecorder heard them (else found here). */
  wasted?: ReadonlyArray<ReadonlySet<string> | undefined>;
}

const DEFAULTS = {
  perDirectory: 50,
  depth: 24,
  perViewMax: 1000,
  perViewMin: 50,
  total: 12_000,
  mergedWork: 2_000_000,
};

/** Collects, from the accounting's removals, the paths of each layer's files that a later layer removes or overwrites. */
export function wasteRecorder(): { onRemoved: RemovedFile; wasted: Array<Set<string>> } {
  const wasted: Array<Set<string>> = [];
  return { onRemoved: (writer, path) => (wasted[writer] ??= new Set()).add(path), wasted };
}

/** Bounded trees of each layer's changes and of the filesystem up to it. */
export function layerFileTrees(layers: readonly LayerIndex[], digests: readonly string[], opts: FileTreeOpts = {}): ImageFileTrees {
  const o = { ...DEFAULTS, ...opts };
  const merged = mergedLayers(layers, o.mergedWork);
  const views = layers.length + merged.size;
  const perView = Math.min(o.perViewMax, Math.max(o.perViewMin, Math.floor(o.total / Math.max(1, views))));
  const bounds: TreeBounds = { perDirectory: o.perDirectory, depth: o.depth, entries: perView };
  const wasted = opts.wasted ?? laterRemoved(layers);

  const stack = new LayerStack({ wasted: (layer) => wasted[layer] });
  const trees = layers.map((layer, i): LayerFileTree => {
    const applied = stack.apply(layer, i);
    const tree: LayerFileTree = { digest: digests[i] ?? '', changes: boundTree(stackedSource(stack, applied, 'changes'), bounds) };
    if (merged.has(i)) tree.merged = boundTree(stackedSource(stack, applied, 'merged'), bounds);
    return tree;
  });
  const limits: FileTreeLimits = { perDirectory: o.perDirectory, depth: o.depth, perView };
  const result: ImageFileTrees = { layers: trees, limits };
  if (merged.size < layers.length)
    result.mergedOmitted =
      `the filesystem up to a layer is embedded for ${merged.size} of ${layers.length} layers (the image has too ` +
      `many files to walk it at every layer); the others show their own changes only`;
  return result;
}

// The waste, when no accounting was heard: the same stacking, once more.
function laterRemoved(layers: readonly LayerIndex[]): Array<Set<string>> {
  const recorder = wasteRecorder();
  const stack = new LayerStack({ onRemoved: recorder.onRemoved });
  layers.forEach((layer, i) => stack.apply(layer, i));
  return recorder.wasted;
}

// The layers that get the merged view: the top ones first, as long as the
// files below them (an upper bound: the sum of the layers' entries) fit the work.
function mergedLayers(layers: readonly LayerIndex[], work: number): Set<number> {
  const below: number[] = [];
  let sum = 0;
  for (const layer of layers) below.push((sum += layer.files.size));
  const chosen = new Set<number>();
  let spent = 0;
  for (let i = layers.length - 1; i >= 0; i--) {
    const cost = below[i] ?? 0;
    if (spent + cost > work) continue;
    spent += cost;
    chosen.add(i);
  }
  return chosen;
}
