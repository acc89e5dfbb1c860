// scanContext: what `docker buildx build` would send as the build context,
// measured for rule BL008 and hashed so a later build can say which files changed.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ContextFacts } from '../model/facts.js';
import { heavyRoot, isSecretLikePath } from './classify.js';
import { errnoCode } from './errno.js';
import { hashRegularFile, hashSymlink } from './hash.js';
import { resolveIgnore } from './ignore-file.js';
import { ConcurrencyLimit } from './limit.js';
import { comparePaths, type ContextManifest, type ManifestEntry } from './manifest.js';
import { walkContext, type WalkedEntry } from './walk.js';

/** Options of scanContext. */
export interface ScanContextOpts {
  /** The Dockerfile as given to `-f` (relative to the working directory, as buildx reads it), or "-" for stdin. Default: CONTEXT/Dockerfile. */
  dockerfile?: string;
  /** Files larger than this are listed with size and mtime but not hashed. Default 256 MiB. */
  hashLimitBytes?: number;
  /** Filesystem operations in flight at once. Default 16. */
  concurrency?: number;
}

/** What scanContext found. */
export interface ScanContextResult {
  facts: ContextFacts;
  manifest: ContextManifest;
  /** One line per entry that could not be read or was skipped, naming the path only. */
  problems: string[];
  /** Regular files this user may not read (EACCES, EPERM): buildx sends them as empty files. */
  unreadable: string[];
}

/** The context directory itself is missing or not a directory. */
export class ContextScanError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ContextScanError';
  }
}

const DEFAULT_HASH_LIMIT = 256 * 1024 * 1024;
const MAX_HEAVY_ENTRIES = 50;

/** Walks a context directory as buildx would send it, honouring the .dockerignore BuildKit picks. */
export async function scanContext(dir: string, opts: ScanContextOpts = {}): Promise<ScanContextResult> {
  const contextDir = resolve(dir);
  try {
    if (!(await stat(contextDir)).isDirectory()) throw new ContextScanError(`build context ${contextDir} is not a directory`);
  } catch (error) {
    if (error instanceof ContextScanError) throw error;
    throw new ContextScanError(`build context ${contextDir} cannot be read (${errnoCode(error) ?? 'error'})`, { cause: error });
  }
  const dockerfile = opts.dockerfile === '-' ? undefined : resolve(opts.dockerfile ?? resolve(contextDir, 'Dockerfile'));
  const ignore = await resolveIgnore(contextDir, dockerfile);
  const problems = [...ignore.problems];
  // The Dockerfile and the ignore file are no exception: BuildKit reads them
  // apart from the context, and a COPY of the context does not see them when
  // the ignore file excludes them (the classic builder sent them anyway).

  const hashLimit = opts.hashLimitBytes ?? DEFAULT_HASH_LIMIT;
  const limit = new ConcurrencyLimit(opts.concurrency ?? 16);
  const entries: ManifestEntry[] = [];
  const heavy = new Map<string, { bytes: number; files: number }>();
  const secrets: string[] = [];
  const unreadable: string[] = [];
  const facts: ContextFacts = {
    dir: contextDir,
    dockerignore: ignore.file !== undefined,
    ...(ignore.file !== undefined ? { dockerignoreFile: ignore.file } : {}),
    files: 0,
    bytes: 0,
    ignoredFiles: 0,
    ignoredBytes: 0,
    heavy: [],
    secrets: [],
  };

  async function onEntry(entry: WalkedEntry): Promise<void> {
    const size = entry.stat.size;
    if (ignore.ignores(entry.path)) {
      facts.ignoredFiles += 1;
      facts.ignoredBytes += size;
      return;
    }
    if (entry.kind === 'special') {
      problems.push(`${entry.path}: not a regular file, directory or symlink (fifo, socket or device); skipped`);
      return;
    }
    const manifestEntry = await describeEntry(entry, hashLimit, limit, problems, unreadable);
    entries.push(manifestEntry);
    facts.files += 1;
    facts.bytes += manifestEntry.size;
    const root = heavyRoot(entry.path);
    if (root !== undefined) {
      const sum = heavy.get(root) ?? { bytes: 0, files: 0 };
      sum.bytes += manifestEntry.size;
      sum.files += 1;
      heavy.set(root, sum);
    }
    if (isSecretLikePath(entry.path)) secrets.push(entry.path);
  }

  await walkContext(contextDir, limit, onEntry, problems);

  entries.sort((a, b) => comparePaths(a.path, b.path));
  facts.heavy = [...heavy]
    .map(([path, sum]) => ({ path, ...sum }))
    .sort((a, b) => b.bytes - a.bytes || comparePaths(a.path, b.path))
    .slice(0, MAX_HEAVY_ENTRIES);
  facts.secrets = secrets.sort(comparePaths);
  problems.sort(comparePaths);
  return { facts, manifest: { version: 1, entries }, problems, unreadable: unreadable.sort(comparePaths) };
}

async function describeEntry(
  entry: WalkedEntry,
  hashLimit: number,
  limit: ConcurrencyLimit,
  problems: string[],
  unreadable: string[],
): Promise<ManifestEntry> {
  const { stat: st } = entry;
  const unhashed: ManifestEntry = { path: entry.path, size: st.size, mode: st.mode, sha256: null, mtimeMs: st.mtimeMs };
  if (entry.kind === 'symlink') {
    try {
      const link = await limit.run(() => hashSymlink(entry.absPath));
      return { path: entry.path, size: link.size, mode: st.mode, sha256: link.sha256 };
    } catch (error) {
      problems.push(`${entry.path}: cannot read symlink (${errnoCode(error) ?? 'error'}); not hashed`);
      return unhashed;
    }
  }
  if (st.size > hashLimit) {
    problems.push(`${entry.path}: ${st.size} bytes, over the ${hashLimit}-byte hash limit; compared by size and mtime only`);
    return unhashed;
  }
  try {
    const sha256 = await limit.run(() => hashRegularFile(entry.absPath));
    return { path: entry.path, size: st.size, mode: st.mode, sha256 };
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EACCES' || code === 'EPERM') unreadable.push(entry.path);
    problems.push(`${entry.path}: cannot read (${code ?? 'changed while scanning'}); not hashed`);
    return unhashed;
  }
}
