// The image's filesystem as layers stack up, as a directory tree so a
// whiteout of a directory removes its subtree without scanning every path
// (a base layer can hold 100 000 files). Each file remembers the layer that
// wrote it; whatever a later layer removes or replaces is reported to
// `onRemoved`, which charges it to that layer. A file is a slot number into
// typed arrays (layer, size), not an object: images hold many files.

class DirNode implements StackedDir {
  readonly dirs = new Map<string, DirNode>();
  /** File name → slot. */
  readonly files = new Map<string, number>();
}

/** A directory of the stack, read-only: subdirectories by name, files by name → slot (see sizeOf, writerOf). */
export interface StackedDir {
  readonly dirs: ReadonlyMap<string, StackedDir>;
  readonly files: ReadonlyMap<string, number>;
}

/** Called for every file a layer removes or replaces: who wrote it, its path and size. */
export type RemovedFile = (writer: number, path: string, size: number) => void;

/** A stack of layers' files, lowest first. */
export class StackedFs {
  private readonly root = new DirNode();
  private slotLayers = new Int32Array(1024);
  private slotSizes = new Float64Array(1024);
  private slots = 0;
  // The directory the last write went to: tars list a directory's files together.
  private lastDirPath: string | undefined;
  private lastDir: DirNode | undefined;

  constructor(private readonly onRemoved: RemovedFile) {}

  /** Deletes a path (file or directory); returns the bytes removed under it, 0 for a file (dive's whiteout size). */
  remove(path: string): { removedBytes: number; wasDir: boolean } {
    this.lastDirPath = undefined;
    const parent = this.find(parentPath(path));
    const name = baseName(path);
    if (!parent) return { removedBytes: 0, wasDir: false };
    const file = parent.files.get(name);
    if (file !== undefined) {
      parent.files.delete(name);
      this.removed(file, path);
      return { removedBytes: 0, wasDir: false };
    }
    const dir = parent.dirs.get(name);
    if (!dir) return { removedBytes: 0, wasDir: false };
    parent.dirs.delete(name);
    return { removedBytes: this.drop(dir, path), wasDir: true };
  }

  /** Empties a directory, keeping the directory itself (an opaque marker). */
  clear(path: string): void {
    this.lastDirPath = undefined;
    const dir = this.find(path);
    if (!dir) return;
    for (const [name, file] of dir.files) this.removed(file, join(path, name));
    for (const [name, child] of dir.dirs) this.drop(child, join(path, name));
    dir.files.clear();
    dir.dirs.clear();
  }

  /** Makes sure a directory exists, replacing any file in its way. */
  mkdir(path: string): void {
    this.dirAt(path);
  }

  /** Writes a file, replacing what was at its path (a file of a lower layer, or a whole directory); returns its slot. */
  write(path: string, size: number, layer: number): number {
    const slash = path.lastIndexOf('/');
    const parent = this.parentDir(path, slash);
    const name = slash < 0 ? path : path.slice(slash + 1);
    const previous = parent.files.get(name);
    if (previous !== undefined && this.slotLayers[previous] !== layer) this.removed(previous, path);
    const dir = parent.dirs.get(name);
    if (dir) {
      this.lastDirPath = undefined;
      parent.dirs.delete(name);
      this.drop(dir, path);
    }
    const slot = this.slot(layer, size);
    parent.files.set(name, slot);
    return slot;
  }

  /** The root directory, read-only: for walking the tree as it stands (e.g. a file browser's view of it). */
  get top(): StackedDir {
    return this.root;
  }

  /** Size of the file in a slot. */
  sizeOf(slot: number): number {
    return this.slotSizes[slot] ?? 0;
  }

  /** The layer that wrote the file in a slot. */
  writerOf(slot: number): number {
    return this.slotLayers[slot] ?? 0;
  }

  /** Whether a directory is at a path. */
  hasDir(path: string): boolean {
    return this.find(path) !== undefined;
  }

  /** The layer that wrote the file at a path, or undefined when no file is there. */
  writerAt(path: string): number | undefined {
    const slot = this.find(parentPath(path))?.files.get(baseName(path));
    return slot === undefined ? undefined : this.writerOf(slot);
  }

  /** Calls `each` with every file of the stacked filesystem and its size. */
  forEachFile(each: (path: string, size: number) => void): void {
    const pending: Array<[string, DirNode]> = [['', this.root]];
    for (let item = pending.pop(); item; item = pending.pop()) {
      const [path, dir] = item;
      for (const [name, file] of dir.files) each(join(path, name), this.slotSizes[file] ?? 0);
      for (const [name, child] of dir.dirs) pending.push([join(path, name), child]);
    }
  }

  private slot(layer: number, size: number): number {
    if (this.slots === this.slotLayers.length) {
      this.slotLayers = doubled(this.slotLayers);
      this.slotSizes = doubled(this.slotSizes);
    }
    this.slotLayers[this.slots] = layer;
    this.slotSizes[this.slots] = size;
    return this.slots++;
  }

  private removed(slot: number, path: string): number {
    const size = this.slotSizes[slot] ?? 0;
    this.onRemoved(this.slotLayers[slot] ?? 0, path, size);
    return size;
  }

  private find(path: string): DirNode | undefined {
    let node: DirNode | undefined = this.root;
    if (path === '') return node;
    for (let start = 0; node; ) {
      const slash = path.indexOf('/', start);
      node = node.dirs.get(path.slice(start, slash < 0 ? path.length : slash));
      if (slash < 0) return node;
      start = slash + 1;
    }
    return undefined;
  }

  // The directory holding a path whose last slash is at `slash`, made when missing.
  // Only removals detach directories, and each forgets the one remembered.
  private parentDir(path: string, slash: number): DirNode {
    if (slash < 0) return this.root;
    const last = this.lastDirPath;
    if (last !== undefined && this.lastDir && last.length === slash && path.startsWith(last)) return this.lastDir;
    const dirPath = path.slice(0, slash);
    const dir = this.dirAt(dirPath);
    this.lastDirPath = dirPath;
    this.lastDir = dir;
    return dir;
  }

  private dirAt(path: string): DirNode {
    let node = this.root;
    if (path === '') return node;
    for (let start = 0; ; ) {
      const slash = path.indexOf('/', start);
      const end = slash < 0 ? path.length : slash;
      const part = path.slice(start, end);
      const file = node.files.get(part);
      if (file !== undefined) {
        node.files.delete(part);
        this.removed(file, path.slice(0, end));
      }
      let next = node.dirs.get(part);
      if (!next) {
        next = new DirNode();
        node.dirs.set(part, next);
      }
      node = next;
      if (slash < 0) return node;
      start = slash + 1;
    }
  }

  // Reports every file under a detached directory as removed; returns their bytes.
  // Iterative: a hostile layer may nest directories thousands deep.
  private drop(dir: DirNode, path: string): number {
    let bytes = 0;
    const pending: Array<[string, DirNode]> = [[path, dir]];
    for (let item = pending.pop(); item; item = pending.pop()) {
      const [at, node] = item;
      for (const [name, file] of node.files) bytes += this.removed(file, join(at, name));
      for (const [name, child] of node.dirs) pending.push([join(at, name), child]);
    }
    return bytes;
  }
}

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A typed array twice as long, holding the same values first (for arrays that grow by slot). */
export function doubled<T extends Int32Array | Float64Array>(values: T): T {
  const bigger = new (values.constructor as new (length: number) => T)(values.length * 2);
  bigger.set(values);
  return bigger;
}
