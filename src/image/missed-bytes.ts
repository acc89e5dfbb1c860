import type { LayerIndex } from '../layers/analyze-layer.js';
import { StackedFs } from '../layers/stacked-fs.js';
import type { PathStats } from './dive-path-stats.js';
import type { DiveEfficiency, MissedFile } from './efficiency-types.js';

// Files a later layer hid by removing a directory above them (or making it
// opaque) that no other layer showed at the same path: dive counts them in no
// path's waste. Found with the overlay semantics of the layer accounting
// (stacked-fs), which, unlike dive's tree, honours opaque directories.

const TOP = 20;

/** Files hidden by directory removals that dive counts nowhere, split by whether a base layer removed them. */
export function missedByDirectoryRemoval(layers: readonly LayerIndex[], paths: PathStats, baseLayers: number): DiveEfficiency['missed'] {
  const missed: DiveEfficiency['missed'] = { bytes: 0, base: 0, user: 0, files: 0, largest: [] };
  let current = 0;
  let removing: string | undefined;
  let byDirectory = false;
  const fs = new StackedFs((writer, path, size) => {
    // A whiteout of the file itself is dive's to count; one of a directory above it is not.
    const viaDirectory = byDirectory || (removing !== undefined && path !== removing);
    if (!viaDirectory || paths.count(`/${path}`) !== 1) return;
    missed.bytes += size;
    missed.files++;
    if (current < baseLayers) missed.base += size;
    else missed.user += size;
    keepLargest(missed.largest, { path: `/${path}`, bytes: size, layer: writer, removedBy: current });
  });
  layers.forEach((layer, i) => {
    current = i;
    for (const path of layer.deletions) {
      removing = path;
      byDirectory = false;
      fs.remove(path);
    }
    removing = undefined;
    byDirectory = true;
    for (const dir of layer.opaqueDirs) fs.clear(dir);
    byDirectory = false;
    for (const dir of layer.dirs) fs.mkdir(dir);
    for (const [path, size] of layer.files) fs.write(path, size, i);
  });
  return missed;
}

function keepLargest(list: MissedFile[], file: MissedFile): void {
  if (list.length >= TOP && (list[list.length - 1]?.bytes ?? 0) >= file.bytes) return;
  list.push(file);
  list.sort((a, b) => b.bytes - a.bytes);
  if (list.length > TOP) list.pop();
}
