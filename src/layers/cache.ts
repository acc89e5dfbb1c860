import { mkdir, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { createGzip, gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { z } from 'zod';
import { writeFileAtomic } from '../core/atomic-write.js';
import type { LayerAnalysis, LayerIndex } from './analyze-layer.js';
import { layerFactsSchema } from './facts-schema.js';

// Analyses keyed by layer digest: layers are content-addressed, so a rebuild
// that reuses layers re-reads none of them. One gzip JSON file per digest,
// written atomically (tmp + rename) as a stream (a layer may list 100 000
// paths: the entry is never one string), versioned (another version is a
// miss), size-bounded by evicting the least recently used; an unreadable file
// is a miss, never an error.

// 3: licence and copyright files are no longer docs. 4: node_modules trees carry dependencies and bins.
// 5: a nested package's dependencies count toward its top-level package. 6: npm's _logs are no npm cache.
const FORMAT = 6;
const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
// A tmp file older than this belongs to a writer that died.
const STALE_TMP_MS = 10 * 60 * 1000;
// Paths per piece of the streamed entry.
const BATCH = 1000;
const gunzipAsync = promisify(gunzip);

// The path lists are checked by hand below: zod would copy 100 000 tuples.
const entrySchema = z.object({
  format: z.literal(FORMAT),
  facts: layerFactsSchema,
  files: z.array(z.unknown()),
  dirs: z.array(z.unknown()),
  deletions: z.array(z.unknown()),
  opaqueDirs: z.array(z.unknown()),
});

/** Options of a layer cache. */
export interface LayerFactsCacheOpts {
  /** Total bytes kept on disk before the least recently used entries go. */
  maxBytes?: number;
}

/** The default cache directory: $XDG_CACHE_HOME/buildlens/layers, else ~/.cache/buildlens/layers. */
export function defaultLayerCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.BUILDLENS_CACHE_DIR ?? join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'buildlens');
  return join(base, 'layers');
}

/** An on-disk cache of layer analyses, keyed by layer digest. */
export class LayerFactsCache {
  readonly maxBytes: number;
  private entries: Promise<Map<string, CacheEntry>> | undefined;

  constructor(
    readonly dir: string = defaultLayerCacheDir(),
    opts: LayerFactsCacheOpts = {},
  ) {
    this.maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  /** The cached analysis of a digest, or undefined (missing, other format, corrupt). */
  async get(digest: string): Promise<LayerAnalysis | undefined> {
    const file = this.fileOf(digest);
    let parsed: z.infer<typeof entrySchema>;
    try {
      const json: unknown = JSON.parse((await gunzipAsync(await readFile(file))).toString('utf8'));
      const result = entrySchema.safeParse(json);
      if (!result.success) return undefined;
      parsed = result.data;
    } catch {
      return undefined;
    }
    if (parsed.facts.digest !== digest) return undefined;
    const { files, dirs, deletions, opaqueDirs } = parsed;
    if (!files.every(isPathSize) || !dirs.every(isString) || !deletions.every(isString) || !opaqueDirs.every(isString)) return undefined;
    // Touch: eviction drops the least recently used entries first.
    const now = new Date();
    await utimes(file, now, now).catch(() => undefined);
    const known = this.entries && (await this.entries).get(basename(file));
    if (known) known.used = now.getTime();
    const index: LayerIndex = { files: new Map(files), dirs: new Set(dirs), deletions, opaqueDirs };
    return { facts: parsed.facts, index, complete: true };
  }

  /** Stores an analysis atomically (streamed, never one string), then trims the cache to its bound. */
  async put(analysis: LayerAnalysis): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const target = this.fileOf(analysis.facts.digest);
    // A failure anywhere in the chain fails the gzip stream, and so the write.
    const body = pipeline(Readable.from(entryPieces(analysis)), createGzip(), () => undefined);
    try {
      // No fsync: an entry lost to a crash is only a cache miss.
      await writeFileAtomic(target, body, { mode: 0o644, sync: false });
    } catch (error) {
      throw new Error(`could not write the layer cache entry ${target}`, { cause: error });
    }
    await this.trim(basename(target));
  }

  private fileOf(digest: string): string {
    return join(this.dir, `${digest.replace(/[^a-zA-Z0-9]/g, '_')}.json.gz`);
  }

  // Keeps the cache within its bound, least recently used entries first. The
  // directory is listed and stat-ed once per process (all at once), then kept
  // up to date with this process's own writes and reads: a put stats one file,
  // not every entry (thousands, once the cache has seen many images). Entries
  // other processes write meanwhile are counted from their next run on.
  private async trim(written: string): Promise<void> {
    const entries = await (this.entries ??= this.scan());
    const info = await stat(join(this.dir, written)).catch(() => undefined);
    if (info) entries.set(written, { size: info.size, used: Date.now() });
    let total = 0;
    for (const [name, entry] of [...entries].sort((a, b) => b[1].used - a[1].used)) {
      total += entry.size;
      if (total <= this.maxBytes) continue;
      await rm(join(this.dir, name), { force: true });
      entries.delete(name);
    }
  }

  private async scan(): Promise<Map<string, CacheEntry>> {
    const names = await readdir(this.dir).catch(() => []);
    const now = Date.now();
    const entries = new Map<string, CacheEntry>();
    await Promise.all(
      names.map(async (name) => {
        const info = await stat(join(this.dir, name)).catch(() => undefined);
        if (!info?.isFile()) return;
        // Another process's write in flight: leave it, unless it is long dead.
        if (name.endsWith('.tmp')) {
          if (now - info.mtimeMs > STALE_TMP_MS) await rm(join(this.dir, name), { force: true });
          return;
        }
        entries.set(name, { size: info.size, used: info.mtimeMs });
      }),
    );
    return entries;
  }
}

/** What trimming knows of one cache file. */
interface CacheEntry {
  size: number;
  /** When it was last written or read (ms), as its mtime says. */
  used: number;
}

// The entry's JSON text in pieces: the same document JSON.stringify would give, a batch of paths at a time.
function* entryPieces({ facts, index }: LayerAnalysis): Generator<string> {
  yield `{"format":${FORMAT},"facts":${JSON.stringify(facts)},"files":[`;
  yield* batched(index.files, ([path, size]) => `[${JSON.stringify(path)},${JSON.stringify(size)}]`);
  yield '],"dirs":[';
  yield* batched(index.dirs, (dir) => JSON.stringify(dir));
  yield `],"deletions":${JSON.stringify(index.deletions)},"opaqueDirs":${JSON.stringify(index.opaqueDirs)}}`;
}

// Items as comma-separated JSON, BATCH to a piece.
function* batched<T>(items: Iterable<T>, text: (item: T) => string): Generator<string> {
  let piece: string[] = [];
  let first = true;
  for (const item of items) {
    piece.push(text(item));
    if (piece.length === BATCH) {
      yield (first ? '' : ',') + piece.join(',');
      first = false;
      piece = [];
    }
  }
  if (piece.length > 0) yield (first ? '' : ',') + piece.join(',');
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isPathSize(value: unknown): value is [string, number] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'number';
}
