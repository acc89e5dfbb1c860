// Builds cache-inputs.json from what a build through buildlens already has:
// the report's steps, the state record (arg fingerprints, context manifest)
// and the fingerprint key. Pure: writing is write.ts's job.
import { createHash } from 'node:crypto';
import { isSecretLikePath } from '../context/classify.js';
import { copiedBy } from '../context/diff.js';
import type { ManifestEntry } from '../context/manifest.js';
import { contextSourcesOfText } from '../dockerfile/instruction-args.js';
import type { Step } from '../model/report.js';
import type { BuildRecord } from '../build-records/record.js';
import { MAX_LISTED_FILES, type CacheInputCopy, type CacheInputFile, type CacheInputs } from './cache-inputs.js';
import type { Fingerprinter } from './fingerprint.js';

/** What cache inputs are made from. */
export interface CacheInputsSource {
  steps: ReadonlyArray<Pick<Step, 'id' | 'stage' | 'line' | 'endLine' | 'instruction'>>;
  record: Pick<BuildRecord, 'ref' | 'buildArgs' | 'manifest' | 'noCache' | 'noCacheFilter'>;
  fingerprinter: Fingerprinter;
  /** Files listed at most (default MAX_LISTED_FILES). */
  maxFiles?: number;
}

// The entry as stored: credential-like paths keep a keyed fingerprint of their hash, never the hash itself.
function storedEntry(entry: ManifestEntry, fingerprinter: Fingerprinter): CacheInputFile {
  if (!isSecretLikePath(entry.path) || entry.sha256 === null) return entry;
  return { path: entry.path, size: entry.size, mode: entry.mode, sha256: null, fingerprint: fingerprinter.fingerprint(entry.sha256) };
}

// What identifies a file's content in digests and comparisons.
function contentKey(file: CacheInputFile): string {
  return file.sha256 ?? file.fingerprint ?? `size=${file.size},mtime=${file.mtimeMs ?? '?'}`;
}

/** sha256 over the files' paths, modes and content keys, in path order. */
export function digestOfFiles(files: readonly CacheInputFile[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file.path}\u0000${file.mode}\u0000${contentKey(file)}\n`);
  return `sha256:${hash.digest('hex')}`;
}

/** The cache inputs of one build. Without a context manifest (remote context), only args are kept. */
export function makeCacheInputs(source: CacheInputsSource): CacheInputs {
  const { record, fingerprinter } = source;
  const entries = (record.manifest?.entries ?? []).map((e) => storedEntry(e, fingerprinter));
  const copies: CacheInputCopy[] = [];
  const copied = new Set<string>();
  for (const step of record.manifest ? source.steps : []) {
    const sources = contextSourcesOfText(step.instruction);
    if (sources.length === 0) continue;
    const inScope = copiedBy(sources);
    const files = entries.filter((e) => inScope(e.path));
    for (const file of files) copied.add(file.path);
    copies.push({
      step: step.id,
      stage: step.stage,
      line: step.line,
      endLine: step.endLine,
      instruction: step.instruction,
      sources,
      files: files.length,
      digest: digestOfFiles(files),
      keyed: files.some((f) => f.fingerprint !== undefined),
    });
  }
  const listed = entries.filter((e) => copied.has(e.path));
  const max = source.maxFiles ?? MAX_LISTED_FILES;
  return {
    version: 1,
    ref: record.ref,
    keyId: fingerprinter.keyId,
    buildArgs: { ...record.buildArgs },
    noCache: record.noCache,
    noCacheFilter: [...record.noCacheFilter],
    copies,
    files: listed.length <= max ? listed : [],
    filesComplete: record.manifest !== undefined && listed.length <= max,
  };
}
