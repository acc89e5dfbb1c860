import type { FileMark } from '../model/file-tree.js';
import type { LayerIndex } from './analyze-layer.js';
import { Removals, type Removal } from './removals.js';
import { doubled, StackedFs, type RemovedFile, type StackedDir } from './stacked-fs.js';
import { parentOf } from './tar-path.js';

// Layers applied to a stacked filesystem one at a time, in the order the
// accounting applies them (whiteouts, opaque markers, directories, files),
// keeping what a file browser shows of each: whether a file replaced one of a
// lower layer (modified), whether a later layer will remove or overwrite it
// (wasted, known beforehand from the accounting), what the layer's whiteouts
// and opaque markers took away (a removed directory as one entry; an opaque
// directory as its former direct entries), and the directories it wrote in.

const MODIFIED = 1;
const WASTED = 2;

/** A file as a view shows it. */
export interface ViewedFile {
  size: number;
  mark?: FileMark | undefined;
  /** Its size when a later layer removes or overwrites it, else 0. */
  wasted: number;
}

/** What applying one layer did. */
export interface AppliedLayer {
  index: number;
  removals: Removals;
  /** Directories the layer lists or writes files in, with their ancestors. */
  dirs: Set<string>;
  /** Those of them that were not there before the layer. */
  addedDirs: Set<string>;
}

/** Options of a stack. */
export interface LayerStackOpts {
  /** Per layer, the paths of its files a later layer removes or overwrites. */
  wasted?: (layer: number) => ReadonlySet<string> | undefined;
  /** Hears every file removed or replaced, as StackedFs reports it. */
  onRemoved?: RemovedFile;
}

/** A stacked filesystem fed layer by layer, remembering what a file browser shows. */
export class LayerStack {
  private readonly fs: StackedFs;
  private flags = new Int32Array(1024);
  private collect: ((path: string, size: number) => void) | undefined;
  private writing: string | undefined;
  private replaced = false;

  constructor(private readonly opts: LayerStackOpts = {}) {
    this.fs = new StackedFs((writer, path, size) => {
      opts.onRemoved?.(writer, path, size);
      if (path === this.writing) this.replaced = true;
      this.collect?.(path, size);
    });
  }

  /** The root directory as the layers applied so far leave it. */
  get top(): StackedDir {
    return this.fs.top;
  }

  /** The layer that wrote the file in a slot. */
  writerOf(slot: number): number {
    return this.fs.writerOf(slot);
  }

  /** The file in a slot as a view of layer `layer` shows it: only that layer's own files are marked. */
  fileOf(slot: number, layer: number): ViewedFile {
    const size = this.fs.sizeOf(slot);
    const flags = this.flags[slot] ?? 0;
    const mark = this.fs.writerOf(slot) !== layer ? undefined : flags & MODIFIED ? 'modified' : 'added';
    return { size, mark, wasted: flags & WASTED ? size : 0 };
  }

  /** Applies layer `index`. */
  apply(layer: LayerIndex, index: number): AppliedLayer {
    // Looked up before anything of the layer applies: a directory it removes and makes again is not new.
    const dirs = touchedDirs(layer);
    const addedDirs = new Set<string>();
    for (const dir of dirs) if (!this.fs.hasDir(dir)) addedDirs.add(dir);
    const removals = new Removals();
    for (const path of layer.deletions) {
      const hid = { bytes: 0, files: 0 };
      this.collect = (_, size) => {
        hid.bytes += size;
        hid.files++;
      };
      const { wasDir } = this.fs.remove(path);
      removals.add(path, wasDir ? hid : { bytes: hid.bytes });
    }
    for (const dir of layer.opaqueDirs) for (const [path, removal] of this.clear(dir)) removals.add(path, removal);
    this.collect = undefined;

    for (const dir of layer.dirs) this.fs.mkdir(dir);
    const wasted = this.opts.wasted?.(index);
    for (const [path, size] of layer.files) {
      this.writing = path;
      this.replaced = false;
      const slot = this.fs.write(path, size, index);
      this.writing = undefined;
      // A path this layer removed and wrote again replaced a lower file too.
      this.flag(slot, (this.replaced || removals.has(path) ? MODIFIED : 0) | (wasted?.has(path) ? WASTED : 0));
    }
    return { index, removals, dirs, addedDirs };
  }

  private flag(slot: number, flags: number): void {
    while (slot >= this.flags.length) this.flags = doubled(this.flags);
    this.flags[slot] = flags;
  }

  // Empties an opaque directory; returns its former direct entries with what each held.
  private clear(dir: string): Map<string, Removal> {
    const prefix = dir === '' ? '' : `${dir}/`;
    const entries = new Map<string, Removal>();
    this.collect = (path, size) => {
      const rest = path.slice(prefix.length);
      const slash = rest.indexOf('/');
      const child = `${prefix}${slash < 0 ? rest : rest.slice(0, slash)}`;
      const removal = entries.get(child) ?? (slash < 0 ? { bytes: 0 } : { bytes: 0, files: 0 });
      removal.bytes += size;
      if (removal.files !== undefined) removal.files++;
      entries.set(child, removal);
    };
    this.fs.clear(dir);
    this.collect = undefined;
    return entries;
  }
}

// The directories a layer lists or writes files in, with their ancestors.
function touchedDirs(layer: LayerIndex): Set<string> {
  const dirs = new Set<string>();
  const touch = (dir: string): void => {
    for (let at = dir; at !== '' && !dirs.has(at); at = parentOf(at)) dirs.add(at);
  };
  for (const dir of layer.dirs) touch(dir);
  let parent: string | undefined;
  for (const path of layer.files.keys()) {
    const slash = path.lastIndexOf('/');
    // Tars list a directory's files together: each directory is looked at once per run of its files.
    if (slash >= 0 && !(parent !== undefined && parent.length === slash && path.startsWith(parent))) touch((parent = path.slice(0, slash)));
  }
  return dirs;
}
