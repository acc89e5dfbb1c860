// Walks a context directory the way BuildKit's file sync does: symlinks are
// sent as links and never followed (so loops cannot happen), every entry is
// looked at with lstat, and no file is opened here.
import type { Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from './errno.js';
import type { ConcurrencyLimit } from './limit.js';

/** What a walked entry is; "special" covers fifos, sockets and devices. */
export type EntryKind = 'file' | 'symlink' | 'special';

/** One non-directory entry met by the walk. */
export interface WalkedEntry {
  /** Context-relative, slash-separated. */
  path: string;
  absPath: string;
  kind: EntryKind;
  stat: Stats;
}

function kindOf(stat: Stats): EntryKind | 'dir' {
  if (stat.isDirectory()) return 'dir';
  if (stat.isFile()) return 'file';
  if (stat.isSymbolicLink()) return 'symlink';
  return 'special';
}

/** Calls `onEntry` for every file, symlink and special file under `root`; never throws for one entry. */
export async function walkContext(
  root: string,
  limit: ConcurrencyLimit,
  onEntry: (entry: WalkedEntry) => Promise<void>,
  problems: string[],
): Promise<void> {
  async function visitDir(absDir: string, relDir: string): Promise<void> {
    let names: string[];
    try {
      names = await limit.run(() => readdir(absDir));
    } catch (error) {
      problems.push(`${relDir || '.'}: cannot list directory (${errnoCode(error) ?? 'error'}); skipped`);
      return;
    }
    await Promise.all(names.map((name) => visitEntry(join(absDir, name), relDir ? `${relDir}/${name}` : name)));
  }

  async function visitEntry(absPath: string, relPath: string): Promise<void> {
    let stat: Stats;
    try {
      stat = await limit.run(() => lstat(absPath));
    } catch (error) {
      problems.push(`${relPath}: cannot stat (${errnoCode(error) ?? 'error'}); skipped`);
      return;
    }
    const kind = kindOf(stat);
    if (kind === 'dir') return visitDir(absPath, relPath);
    await onEntry({ path: relPath, absPath, kind, stat });
  }

  await visitDir(root, '');
}
