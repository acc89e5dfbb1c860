import type { FileMark, FileTreeEntry, FileTreeMore, FileTreeView } from '../model/file-tree.js';
import { keepLargest } from './top-list.js';

// A whole file tree (one layer's changes, or the filesystem up to a layer)
// cut down to a bounded one: the largest directories are expanded first, each
// keeps its largest entries, and whatever is left out is summed in a "more"
// row, so a 100 000-file image gives a tree of a few hundred entries whose
// sizes still add up. Iterative throughout: a hostile layer may nest
// directories thousands deep.

/** A file, or a removal (a whiteout), of a whole tree. */
export interface SourceFile {
  size: number;
  mark?: FileMark | undefined;
  /** Bytes of it a later layer removes or overwrites (0 or its size). */
  wasted: number;
  /** A removal of a directory: the files it hid (absent for anything else). */
  hidFiles?: number | undefined;
}

/** A directory of a whole tree, walked twice at most: files are never copied. */
export interface SourceDir {
  /** New in the layer the view belongs to (it was not there below). */
  readonly added: boolean;
  dirs(): Iterable<[string, SourceDir]>;
  files(): Iterable<[string, SourceFile]>;
}

/** How far a tree is cut down. */
export interface TreeBounds {
  /** Entries kept per directory. */
  perDirectory: number;
  /** Directory levels below the root that are expanded. */
  depth: number;
  /** Entries kept in the whole tree. */
  entries: number;
}

// Sums of one directory's subtree, made once, before anything is chosen.
interface Summary {
  name: string;
  source: SourceDir;
  depth: number;
  subdirs: Summary[];
  /** Direct entries: files, removals and subdirectories. */
  direct: number;
  files: number;
  bytes: number;
  wasted: number;
  added: number;
  modified: number;
  removed: number;
}

type Candidate = { path: string; size: number } & ({ file: SourceFile } | { dir: Summary });

/** Cuts a whole tree down to its bounds. */
export function boundTree(root: SourceDir, bounds: TreeBounds): FileTreeView {
  const { top, entries } = summarize(root);
  const out = dirEntry(top);
  let budget = bounds.entries;
  let kept = 0;
  // Largest directories first: the budget goes where the bytes are.
  const pending: Array<{ dir: Summary; entry: FileTreeEntry }> = [{ dir: top, entry: out }];
  while (pending.length > 0) {
    const { dir, entry } = takeLargest(pending);
    if (dir.direct === 0) continue;
    if (dir.depth >= bounds.depth || budget <= 0) {
      entry.more = { entries: dir.direct, files: dir.files, bytes: dir.bytes, wasted: dir.wasted };
      continue;
    }
    const chosen = largestChildren(dir, Math.min(bounds.perDirectory, budget));
    budget -= chosen.length;
    kept += chosen.length;
    const more: FileTreeMore = { entries: dir.direct - chosen.length, files: dir.files, bytes: dir.bytes, wasted: dir.wasted };
    entry.children = chosen.map((child) => {
      if ('dir' in child) {
        const sub = dirEntry(child.dir);
        pending.push({ dir: child.dir, entry: sub });
        subtract(more, child.dir.files, child.dir.bytes, child.dir.wasted);
        return sub;
      }
      const removal = child.file.mark === 'removed';
      if (!removal) subtract(more, 1, child.file.size, child.file.wasted);
      return fileEntry(child.path, child.file);
    });
    if (more.entries > 0) entry.more = more;
  }
  return { root: out, entries, kept };
}

function subtract(more: FileTreeMore, files: number, bytes: number, wasted: number): void {
  more.files -= files;
  more.bytes -= bytes;
  more.wasted -= wasted;
}

// The directory's largest direct entries; a file's rank is its size, a directory's the bytes under it.
function largestChildren(dir: Summary, limit: number): Candidate[] {
  const list: Candidate[] = [];
  for (const sub of dir.subdirs) keepLargest<Candidate>(list, { path: sub.name, size: sub.bytes, dir: sub }, limit);
  for (const [name, file] of dir.source.files()) keepLargest<Candidate>(list, { path: name, size: file.size, file }, limit);
  return list;
}

function takeLargest<T extends { dir: Summary }>(pending: T[]): T {
  let best = 0;
  for (let i = 1; i < pending.length; i++) if ((pending[i]?.dir.bytes ?? 0) > (pending[best]?.dir.bytes ?? 0)) best = i;
  const [taken] = pending.splice(best, 1);
  return taken as T;
}

// Every directory's sums, children before parents, without recursion.
function summarize(root: SourceDir): { top: Summary; entries: number } {
  const top = emptySummary('', root, 0);
  const order: Summary[] = [top];
  let entries = 0;
  for (let i = 0; i < order.length; i++) {
    const dir = order[i] as Summary;
    for (const [name, sub] of dir.source.dirs()) {
      const child = emptySummary(name, sub, dir.depth + 1);
      dir.subdirs.push(child);
      order.push(child);
    }
    dir.direct = dir.subdirs.length;
    for (const [, file] of dir.source.files()) {
      dir.direct++;
      if (file.mark === 'removed') {
        dir.removed++;
        continue;
      }
      dir.files++;
      dir.bytes += file.size;
      dir.wasted += file.wasted;
      if (file.mark === 'added') dir.added++;
      else if (file.mark === 'modified') dir.modified++;
    }
    entries += dir.direct;
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const dir = order[i] as Summary;
    for (const sub of dir.subdirs) addInto(dir, sub);
  }
  return { top, entries };
}

function addInto(dir: Summary, sub: Summary): void {
  dir.files += sub.files;
  dir.bytes += sub.bytes;
  dir.wasted += sub.wasted;
  dir.added += sub.added;
  dir.modified += sub.modified;
  dir.removed += sub.removed;
}

function emptySummary(name: string, source: SourceDir, depth: number): Summary {
  return { name, source, depth, subdirs: [], direct: 0, files: 0, bytes: 0, wasted: 0, added: 0, modified: 0, removed: 0 };
}

// A directory is "added" when the layer made it, "modified" when anything in it changed.
function dirMark(dir: Summary): FileMark | undefined {
  if (dir.source.added) return 'added';
  return dir.added + dir.modified + dir.removed > 0 ? 'modified' : undefined;
}

function dirEntry(dir: Summary): FileTreeEntry {
  const mark = dirMark(dir);
  return {
    name: dir.name,
    size: dir.bytes,
    files: dir.files,
    ...(mark ? { mark } : {}),
    ...(dir.wasted > 0 ? { wasted: dir.wasted } : {}),
  };
}

function fileEntry(name: string, file: SourceFile): FileTreeEntry {
  return {
    name,
    size: file.size,
    ...(file.mark ? { mark: file.mark } : {}),
    ...(file.wasted > 0 ? { wasted: file.wasted } : {}),
    ...(file.hidFiles !== undefined ? { files: file.hidFiles } : {}),
  };
}
