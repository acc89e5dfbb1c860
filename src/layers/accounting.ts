import type { CategoryFacts, ImageLayerFacts } from '../model/facts.js';
import type { LayerIndex } from './analyze-layer.js';
import { CategoryTallies, categorize } from './categories.js';
import { doubled, StackedFs, type RemovedFile } from './stacked-fs.js';
import { keepLargest, type SizedPath } from './top-list.js';

// Stacks layer indexes base first, as the image's filesystem is stacked:
// bytes a layer adds that a later layer deletes (whiteout of the path or a
// parent, an opaque directory) or overwrites are wasted, charged to the layer
// that added them. Efficiency is dive's (dive/filetree/efficiency.go): per
// path, its smallest size over the sum of its sizes across layers, where a
// whiteout counts as the bytes under it when it hid a directory and 0 when
// it hid a file; opaque markers count as nothing, as dive skips them.

const EXAMPLES = 10;

/** Cross-layer results, index-aligned with the layers. */
export type Accounting = Omit<ImageLayerFacts, 'layers'>;

/** Accounts waste, efficiency and final categories over layer indexes ordered base first; `onRemoved` hears each file wasted. */
export function accountLayers(layers: readonly LayerIndex[], onRemoved?: RemovedFile): Accounting {
  const wastedBytes = layers.map(() => 0);
  const removers = layers.map(() => new Map<number, { bytes: number; paths: SizedPath[] }>());
  let current = 0;
  const fs = new StackedFs((writer, path, size) => {
    onRemoved?.(writer, path, size);
    wastedBytes[writer] = (wastedBytes[writer] ?? 0) + size;
    const byLayer = removers[writer];
    if (!byLayer) return;
    let charge = byLayer.get(current);
    if (!charge) {
      charge = { bytes: 0, paths: [] };
      byLayer.set(current, charge);
    }
    charge.bytes += size;
    keepLargest(charge.paths, { path, size }, EXAMPLES);
  });

  // Per path ever seen: the sum and the smallest of its sizes, by number into typed arrays.
  const seen = new Map<string, number>();
  let cumulatives: Float64Array = new Float64Array(1024);
  let minimums: Float64Array = new Float64Array(1024);
  const see = (path: string, size: number): void => {
    const at = seen.get(path);
    if (at !== undefined) {
      cumulatives[at] = (cumulatives[at] ?? 0) + size;
      if (size < (minimums[at] ?? 0)) minimums[at] = size;
      return;
    }
    const added = seen.size;
    if (added === cumulatives.length) {
      cumulatives = doubled(cumulatives);
      minimums = doubled(minimums);
    }
    seen.set(path, added);
    cumulatives[added] = size;
    minimums[added] = size;
  };

  layers.forEach((layer, i) => {
    current = i;
    // Whiteouts first: they act on the layers below, whatever order the tar lists them in.
    for (const path of layer.deletions) see(path, fs.remove(path).removedBytes);
    for (const dir of layer.opaqueDirs) fs.clear(dir);
    for (const dir of layer.dirs) fs.mkdir(dir);
    for (const [path, size] of layer.files) {
      fs.write(path, size, i);
      see(path, size);
    }
  });

  let minimum = 0;
  let cumulative = 0;
  for (let at = 0; at < seen.size; at++) {
    minimum += minimums[at] ?? 0;
    cumulative += cumulatives[at] ?? 0;
  }
  return {
    wastedBytes,
    wastedBy: removers.map((byLayer) =>
      [...byLayer].filter(([, c]) => c.bytes > 0).map(([layer, c]) => ({ layer, bytes: c.bytes, paths: c.paths.map((p) => p.path) })),
    ),
    totalWastedBytes: wastedBytes.reduce((a, b) => a + b, 0),
    efficiency: cumulative === 0 ? 1 : minimum / cumulative,
    finalCategories: finalCategories(fs),
  };
}

function finalCategories(fs: StackedFs): CategoryFacts[] {
  const tallies = new CategoryTallies();
  fs.forEachFile((path, size) => {
    const category = categorize(path);
    if (category) tallies.add(category, path, size);
  });
  return tallies.facts();
}
