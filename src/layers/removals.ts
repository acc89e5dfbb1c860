// What one layer's whiteouts and opaque markers took away, as a tree by
// path: a removed path no longer exists in the stacked filesystem, but a file
// browser shows it where it was, as dive does.

/** What a whiteout or an opaque marker took away at one path. */
export interface Removal {
  /** Bytes it hid in the layers below. */
  bytes: number;
  /** Files it hid, when it hid a directory. */
  files?: number | undefined;
}

/** A directory of the removals tree. */
export class RemovalDir {
  readonly dirs = new Map<string, RemovalDir>();
  readonly files = new Map<string, Removal>();
}

/** The paths one layer removed. */
export class Removals {
  readonly root = new RemovalDir();
  private count = 0;

  /** Records a removal at a path (no leading slash). */
  add(path: string, removal: Removal): void {
    const parts = path.split('/');
    const name = parts.pop() ?? path;
    let dir = this.root;
    for (const part of parts) {
      let next = dir.dirs.get(part);
      if (!next) {
        next = new RemovalDir();
        dir.dirs.set(part, next);
      }
      dir = next;
    }
    if (!dir.files.has(name)) this.count++;
    dir.files.set(name, removal);
  }

  /** Whether a path was removed. */
  has(path: string): boolean {
    if (this.count === 0) return false;
    const parts = path.split('/');
    const name = parts.pop() ?? path;
    let dir: RemovalDir | undefined = this.root;
    for (const part of parts) dir = dir?.dirs.get(part);
    return dir?.files.has(name) ?? false;
  }
}
