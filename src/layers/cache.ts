import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import type { LayerAnalysis } from './analyze-layer.js';

// Analyses keyed by layer digest: layers are content-addressed, so a rebuild
// that reuses layers re-reads none of them. One gzip JSON file per digest,
// written atomically, versioned, size-bounded; a bad file is a miss.

const FORMAT = 1;
const MAX_BYTES = 512 * 1024 * 1024;

const entrySchema = z.object({
  format: z.literal(FORMAT),
  facts: z.record(z.string(), z.unknown()),
  files: z.array(z.tuple([z.string(), z.number()])),
  dirs: z.array(z.string()),
  deletions: z.array(z.string()),
  opaqueDirs: z.array(z.string()),
});

/** The default cache directory ($XDG_CACHE_HOME/buildlens/layers). */
export function defaultLayerCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.BUILDLENS_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'buildlens'), 'layers');
}

/** An on-disk cache of layer analyses. */
export class LayerFactsCache {
  constructor(readonly dir: string = defaultLayerCacheDir()) {}

  /** The cached analysis of a digest, or undefined. */
  async get(digest: string): Promise<LayerAnalysis | undefined> {
    try {
      const parsed = entrySchema.safeParse(JSON.parse(gunzipSync(await readFile(this.path(digest))).toString('utf8')));
      if (!parsed.success) return undefined;
      const e = parsed.data;
      // Our own file, validated in shape; the facts object is what analyzeLayer wrote.
      const facts = e.facts as unknown as LayerAnalysis['facts'];
      if (facts.digest !== digest) return undefined;
      return { facts, index: { files: new Map(e.files), dirs: new Set(e.dirs), deletions: e.deletions, opaqueDirs: e.opaqueDirs } };
    } catch {
      return undefined;
    }
  }

  /** Stores an analysis (atomically) and trims the cache to its bound. */
  async put(analysis: LayerAnalysis): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const body = gzipSync(JSON.stringify({
      format: FORMAT,
      facts: analysis.facts,
      files: [...analysis.index.files],
      dirs: [...analysis.index.dirs],
      deletions: analysis.index.deletions,
      opaqueDirs: analysis.index.opaqueDirs,
    }));
    const target = this.path(analysis.facts.digest);
    const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, body);
    await rename(tmp, target);
    await this.trim();
  }

  private path(digest: string): string {
    return join(this.dir, `${digest.replace(/[^a-zA-Z0-9]/g, '_')}.json.gz`);
  }

  private async trim(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const entries = await Promise.all(names.map(async (name) => ({ name, info: await stat(join(this.dir, name)).catch(() => undefined) })));
    const files = entries.filter((e) => e.info).sort((a, b) => (b.info?.mtimeMs ?? 0) - (a.info?.mtimeMs ?? 0));
    let total = 0;
    for (const file of files) {
      total += file.info?.size ?? 0;
      if (total > MAX_BYTES) await rm(join(this.dir, file.name), { force: true });
    }
  }
}
