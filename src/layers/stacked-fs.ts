// The image's filesystem as layers stack up, as a directory tree so a
// whiteout of a directory removes its subtree without scanning every path
// (a base layer can hold 100 000 files). Each file remembers the layer that
// wrote it; whatever a later layer removes or replaces is reported to
// `onRemoved`, which charges it to that layer.

interface FileSlot {
  layer: number;
  size: number;
}

class DirNode {
  readonly dirs = new Map<string, DirNode>();
  readonly files = new Map<string, FileSlot>();
}

/** Called for every file a layer removes or replaces: who wrote it, its path and size. */
export type RemovedFile = (writer: number, path: string, size: number) => void;

/** A stack of layers' files, lowest first. */
export class StackedFs {
  private readonly root = new DirNode();

  constructor(private readonly onRemoved: RemovedFile) {}

  /** Deletes a path (file or directory); returns the bytes removed under it, 0 for a file (dive's whiteout size). */
  remove(path: string): { removedBytes: number; wasDir: boolean } {
    const parent = this.find(parentPath(path));
    const name = baseName(path);
    if (!parent) return { removedBytes: 0, wasDir: false };
    const file = parent.files.get(name);
    if (file) {
      parent.files.delete(name);
      this.onRemoved(file.layer, path, file.size);
      return { removedBytes: 0, wasDir: false };
    }
    const dir = parent.dirs.get(name);
    if (!dir) return { removedBytes: 0, wasDir: false };
    parent.dirs.delete(name);
    return { removedBytes: this.drop(dir, path), wasDir: true };
  }

  /** Empties a directory, keeping the directory itself (an opaque marker). */
  clear(path: string): void {
    const dir = this.find(path);
    if (!dir) return;
    for (const [name, file] of dir.files) this.onRemoved(file.layer, join(path, name), file.size);
    for (const [name, child] of dir.dirs) this.drop(child, join(path, name));
    dir.files.clear();
    dir.dirs.clear();
  }

  /** Makes sure a directory exists, replacing any file in its way. */
  mkdir(path: string): void {
    this.dirAt(path);
  }

  /** Writes a file, replacing what was at its path (a file of a lower layer, or a whole directory). */
  write(path: string, size: number, layer: number): void {
    const parent = this.dirAt(parentPath(path));
    const name = baseName(path);
    const previous = parent.files.get(name);
    if (previous && previous.layer !== layer) this.onRemoved(previous.layer, path, previous.size);
    const dir = parent.dirs.get(name);
    if (dir) {
      parent.dirs.delete(name);
      this.drop(dir, path);
    }
    parent.files.set(name, { layer, size });
  }

  /** Every file of the stacked filesystem with its size. */
  *files(): Generator<{ path: string; size: number }> {
    const pending: Array<[string, DirNode]> = [['', this.root]];
    for (let item = pending.pop(); item; item = pending.pop()) {
      const [path, dir] = item;
      for (const [name, file] of dir.files) yield { path: join(path, name), size: file.size };
      for (const [name, child] of dir.dirs) pending.push([join(path, name), child]);
    }
  }

  private find(path: string): DirNode | undefined {
    let node: DirNode | undefined = this.root;
    if (path === '') return node;
    for (const part of path.split('/')) {
      node = node.dirs.get(part);
      if (!node) return undefined;
    }
    return node;
  }

  private dirAt(path: string): DirNode {
    let node = this.root;
    if (path === '') return node;
    let at = '';
    for (const part of path.split('/')) {
      at = join(at, part);
      const file = node.files.get(part);
      if (file) {
        node.files.delete(part);
        this.onRemoved(file.layer, at, file.size);
      }
      let next = node.dirs.get(part);
      if (!next) {
        next = new DirNode();
        node.dirs.set(part, next);
      }
      node = next;
    }
    return node;
  }

  // Reports every file under a detached directory as removed; returns their bytes.
  // Iterative: a hostile layer may nest directories thousands deep.
  private drop(dir: DirNode, path: string): number {
    let bytes = 0;
    const pending: Array<[string, DirNode]> = [[path, dir]];
    for (let item = pending.pop(); item; item = pending.pop()) {
      const [at, node] = item;
      for (const [name, file] of node.files) {
        this.onRemoved(file.layer, join(at, name), file.size);
        bytes += file.size;
      }
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
