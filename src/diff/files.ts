import type { ImageDiff } from '../model/diff.js';

// Two final filesystems compared path by path: files only in B (added), only
// in A (removed), larger or smaller in B; counts and bytes of each, and the
// largest `top` of each with their paths.

/** Compares two path → size maps. */
export function compareFiles(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>, top: number): NonNullable<ImageDiff['files']> {
  const added = new Largest(top);
  const removed = new Largest(top);
  const grown = new Largest(top);
  const shrunk = new Largest(top);
  for (const [path, after] of b) {
    const before = a.get(path);
    if (before === undefined) added.add(path, after);
    else if (after > before) grown.add(path, after - before, before, after);
    else if (after < before) shrunk.add(path, before - after, before, after);
  }
  for (const [path, before] of a) if (!b.has(path)) removed.add(path, before);
  return { added: added.plain(), removed: removed.plain(), grown: grown.changes(), shrunk: shrunk.changes() };
}

interface Entry {
  path: string;
  bytes: number;
  before: number;
  after: number;
}

// A count, a byte total and the largest entries, kept sorted and bounded.
class Largest {
  count = 0;
  bytes = 0;
  private readonly entries: Entry[] = [];
  constructor(private readonly top: number) {}

  add(path: string, bytes: number, before = 0, after = 0): void {
    this.count++;
    this.bytes += bytes;
    if (this.entries.length >= this.top && (this.entries.at(-1)?.bytes ?? 0) >= bytes) return;
    this.entries.push({ path: `/${path}`, bytes, before, after });
    this.entries.sort((x, y) => y.bytes - x.bytes || x.path.localeCompare(y.path));
    if (this.entries.length > this.top) this.entries.pop();
  }

  plain(): { count: number; bytes: number; top: Array<{ path: string; bytes: number }> } {
    return { count: this.count, bytes: this.bytes, top: this.entries.map(({ path, bytes }) => ({ path, bytes })) };
  }

  changes(): { count: number; bytes: number; top: Entry[] } {
    return { count: this.count, bytes: this.bytes, top: [...this.entries] };
  }
}
