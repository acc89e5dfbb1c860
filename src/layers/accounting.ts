import type { CategoryFacts, PathCategory } from '../model/facts.js';
import type { LayerIndex } from './analyze-layer.js';
import { categorize } from './categories.js';

// Stacks layer indexes base first, as the image's filesystem is stacked:
// bytes a layer adds that a later layer deletes (whiteout of the path or a
// parent, an opaque directory) or overwrites are wasted, charged to the layer
// that added them. Efficiency is dive's: per path, its smallest size over
// the sum of its sizes across layers (dive filetree/efficiency.go).

/** Cross-layer results, index-aligned with the layers. */
export interface Accounting {
  wastedBytes: number[];
  wastedBy: Array<Array<{ layer: number; bytes: number; paths: string[] }>>;
  totalWastedBytes: number;
  efficiency: number;
  finalCategories: CategoryFacts[];
}

interface Live {
  layer: number;
  size: number;
}

/** Accounts waste and efficiency over layer indexes ordered base first. */
export function accountLayers(layers: LayerIndex[]): Accounting {
  const live = new Map<string, Live>();
  const liveDirs = new Set<string>();
  const wastedBytes = layers.map(() => 0);
  const wastedBy: Accounting['wastedBy'] = layers.map(() => []);
  const eff = new Map<string, { cumulative: number; min: number }>();
  const see = (path: string, size: number): void => {
    const e = eff.get(path);
    if (e) {
      e.cumulative += size;
      e.min = Math.min(e.min, size);
    } else eff.set(path, { cumulative: size, min: size });
  };
  const charge = (from: number, by: number, path: string, bytes: number): void => {
    if (bytes === 0) return;
    wastedBytes[from] = (wastedBytes[from] ?? 0) + bytes;
    const list = wastedBy[from] ?? [];
    let entry = list.find((e) => e.layer === by);
    if (!entry) {
      entry = { layer: by, bytes: 0, paths: [] };
      list.push(entry);
    }
    entry.bytes += bytes;
    if (entry.paths.length < 10) entry.paths.push(path);
    wastedBy[from] = list;
  };
  const removeUnder = (dir: string, by: number, keepLayer?: number): number => {
    let removed = 0;
    const prefix = dir === '' ? '' : `${dir}/`;
    for (const [path, entry] of live) {
      if (entry.layer === keepLayer) continue;
      if (path === dir || path.startsWith(prefix)) {
        charge(entry.layer, by, path, entry.size);
        removed += entry.size;
        live.delete(path);
      }
    }
    for (const d of liveDirs) if (d.startsWith(prefix)) liveDirs.delete(d);
    return removed;
  };

  layers.forEach((layer, i) => {
    for (const dir of layer.opaqueDirs) removeUnder(dir, i, i);
    for (const path of layer.deletions) {
      const wasDir = liveDirs.has(path);
      const removed = removeUnder(path, i);
      liveDirs.delete(path);
      // dive counts a whiteout as the size of what it removes when that was a directory, else 0.
      see(path, wasDir ? removed : 0);
    }
    for (const dir of layer.dirs) {
      liveDirs.add(dir);
      see(dir, 0);
    }
    for (const [path, size] of layer.files) {
      const previous = live.get(path);
      if (previous && previous.layer !== i) charge(previous.layer, i, path, previous.size);
      live.set(path, { layer: i, size });
      see(path, size);
    }
  });

  let minimum = 0;
  let cumulative = 0;
  for (const e of eff.values()) {
    minimum += e.min;
    cumulative += e.cumulative;
  }
  const final = new Map<PathCategory, { bytes: number; files: number; paths: Array<{ path: string; size: number }> }>();
  for (const [path, entry] of live) {
    const category = categorize(path);
    if (!category) continue;
    const c = final.get(category) ?? { bytes: 0, files: 0, paths: [] };
    c.bytes += entry.size;
    c.files++;
    c.paths.push({ path, size: entry.size });
    final.set(category, c);
  }
  return {
    wastedBytes,
    wastedBy,
    totalWastedBytes: wastedBytes.reduce((a, b) => a + b, 0),
    efficiency: cumulative === 0 ? 1 : minimum / cumulative,
    finalCategories: [...final].map(([category, c]) => ({
      category,
      bytes: c.bytes,
      files: c.files,
      paths: c.paths.sort((a, b) => b.size - a.size).slice(0, 10).map((p) => p.path),
    })),
  };
}
