import type { LayerIndex } from './analyze-layer.js';
import { StackedFs } from './stacked-fs.js';

// The files of an image's final filesystem, from its layers' path indexes
// stacked in order (whiteouts, opaque directories and overwrites applied):
// what a container of the image sees, path → size.

/** Path (no leading slash) → size of every file left once the layers are stacked, base first. */
export function finalFiles(layers: readonly LayerIndex[]): Map<string, number> {
  const fs = new StackedFs(() => undefined);
  layers.forEach((layer, i) => {
    for (const path of layer.deletions) fs.remove(path);
    for (const dir of layer.opaqueDirs) fs.clear(dir);
    for (const dir of layer.dirs) fs.mkdir(dir);
    for (const [path, size] of layer.files) fs.write(path, size, i);
  });
  const files = new Map<string, number>();
  fs.forEachFile((path, size) => files.set(path, size));
  return files;
}
