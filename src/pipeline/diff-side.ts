import { withBuilder } from '../builder/connect.js';
import { errorMessage } from '../core/errors.js';
import type { DiffInput } from '../diff/compare.js';
import { ImageUnreadableError } from '../image/index.js';
import { analyzeImage, finalFiles, LayerFactsCache, type LayerIndex } from '../layers/index.js';
import type { Report } from '../model/report.js';
import { imageSource } from '../sources/image.js';
import { openRecordFileSource } from '../sources/record-file.js';
import { reportDirSource } from '../sources/report-dir.js';
import { fsProbe, parseSourceSpec } from '../sources/source-spec.js';
import type { BlobReader } from '../sources/source.js';
import { engineBlobStore } from './engine-blobs.js';
import { reportOfHistoryRef, resolveHistoryRef } from './history-ref.js';
import { reportFromSource } from './report.js';

// One side of `buildlens diff`: a build (`last`, a history ref, an exported
// record) or an image (any image source name), made into its report and, when
// its layers can be read, its final filesystem. Layer indexes come from the
// layer cache the report just filled, so no blob is read twice.

/** How the sides are read. */
export interface DiffSideOptions {
  builder?: string | undefined;
  platform?: string | undefined;
  /** The Dockerfile the side was built from (images only; a build knows its own). */
  dockerfile?: { path: string; text: string } | undefined;
}

// BuildKit's history refs: 25 characters of base 36 (an image ID is hex).
const HISTORY_REF = /^(?=.*[g-z])[a-z0-9]{25}$/;

// Whether a diff argument names an exported build record: an existing FILE.dockerbuild[#REF] (a bare
// path to some other file is an image archive).
function isRecordFile(spec: string): boolean {
  const path = spec.replace(/#[^/#]*$/, '');
  return /\.dockerbuild$/i.test(path) && fsProbe.kind(path) === 'file' && parseSourceSpec(spec).kind === 'record-file';
}

// Whether a diff argument names a report directory (one holding report.json) or a report.json file.
function isReport(spec: string): boolean {
  if (/\.json$/i.test(spec)) return fsProbe.kind(spec) === 'file';
  return fsProbe.kind(spec) === 'dir' && fsProbe.kind(`${spec}/report.json`) === 'file';
}

/** Whether a diff argument names a build rather than an image. */
export function namesBuild(spec: string): boolean {
  return spec === 'last' || HISTORY_REF.test(spec) || isRecordFile(spec) || isReport(spec);
}

/** Reads one side. */
export async function diffSide(spec: string, opts: DiffSideOptions): Promise<DiffInput> {
  if (isRecordFile(spec)) {
    // Its layers, when the engine here still has every one, are read as for a live build.
    const layers = engineBlobStore({ builder: opts.builder });
    try {
      const parsed = parseSourceSpec(spec);
      const { source } = await openRecordFileSource(parsed.kind === 'record-file' ? parsed : { path: spec }, { layers });
      const made = await reportFromSource(source, { measureLayers: true });
      const blobs = made.evidence.blobs;
      return { name: spec, report: made.report, files: blobs ? await filesOf(made.report, blobs) : undefined };
    } finally {
      await layers.close();
    }
  }
  // A report directory: the build as it was reported (no layer contents to list files from).
  if (isReport(spec)) {
    const { report } = await reportFromSource(await reportDirSource(spec), { measureLayers: false });
    return { name: spec, report };
  }
  if (namesBuild(spec)) {
    return withBuilder(opts.builder ? { builder: opts.builder } : {}, async (session) => {
      const ref = await resolveHistoryRef(session, spec);
      const made = await reportOfHistoryRef(session, ref, { measureLayers: true });
      const blobs = made.evidence.blobs;
      return {
        name: spec === 'last' ? `last (${ref})` : ref,
        report: made.report,
        files: blobs ? await filesOf(made.report, blobs) : undefined,
      };
    });
  }
  const source = await imageSource(spec, { platform: opts.platform, dockerfile: opts.dockerfile });
  try {
    const { report } = await reportFromSource(source, { measureLayers: true });
    const files = await filesOf(report, source.blobs);
    const [broken] = source.readErrors;
    if (broken)
      throw broken instanceof ImageUnreadableError
        ? broken
        : new ImageUnreadableError(`${spec}: ${errorMessage(broken)}`, { cause: broken });
    return { name: spec, report, files };
  } finally {
    await source.close();
  }
}

// The final filesystem of the report's image, from the cached layer indexes (read again only if not cached).
async function filesOf(report: Report, blobs: BlobReader): Promise<Map<string, number> | undefined> {
  const layers = report.image?.layers;
  if (!layers || layers.length === 0 || report.image?.partial) return undefined;
  let indexes: readonly LayerIndex[] = [];
  const facts = await analyzeImage(
    layers.map((l) => ({ digest: l.digest, mediaType: '', size: l.size })),
    blobs,
    { cache: new LayerFactsCache(), onIndexes: (read) => (indexes = read) },
  );
  if (facts.layers.some((l) => l.notes.length > 0)) return undefined;
  return finalFiles(indexes);
}
