import { errorMessage } from '../core/errors.js';
import type { DiffInput } from '../diff/compare.js';
import { ImageUnreadableError } from '../image/index.js';
import { analyzeImage, finalFiles, LayerFactsCache, type LayerIndex } from '../layers/index.js';
import type { Report } from '../model/report.js';
import { imageSource } from '../sources/image.js';
import { fsProbe, parseSourceSpec, type SourceSpec } from '../sources/source-spec.js';
import type { BlobReader } from '../sources/source.js';
import { openSource, withSources } from './open-source.js';
import { reportFromSource } from './report.js';

// One side of `buildlens diff`: a build (`last`, a history ref, an exported
// record, a report directory, opened as `report` opens them) or an image (any image source name), made into its report and, when
// its layers can be read, its final filesystem. Layer indexes come from the
// layer cache the report just filled, so no blob is read twice.

/** How the sides are read. */
export interface DiffSideOptions {
  builder?: string | undefined;
  platform?: string | undefined;
  /** The Dockerfile the side was built from (images only; a build knows its own). */
  dockerfile?: { path: string; text: string } | undefined;
  /** Told which build `last` took, and why. */
  say?: ((line: string) => void) | undefined;
}

// BuildKit's history refs: 25 characters of base 36 (an image ID is hex).
const HISTORY_REF = /^(?=.*[g-z])[a-z0-9]{25}$/;
// The transports of image names: never a build, whatever exists on disk.
const IMAGE_TRANSPORT = /^(docker-archive|oci-archive|oci|oci-dir|docker|docker-daemon):/;

/** The build a diff argument names (`last`, a history ref, a .dockerbuild[#REF], a report directory or report.json), or undefined for an image. */
export function buildSpecOf(spec: string): SourceSpec | undefined {
  if (IMAGE_TRANSPORT.test(spec)) return undefined;
  if (spec === 'last' || HISTORY_REF.test(spec)) return { kind: 'history', ref: spec };
  const path = spec.replace(/#[^/#]*$/, '');
  const kind = fsProbe.kind(path);
  // A bare path to some other file is an image archive, which needs its transport: left to the image source to say so.
  if (kind === 'dir' || (kind === 'file' && /\.(dockerbuild|json)$/i.test(path))) return parseSourceSpec(spec);
  return undefined;
}

/** Reads one side. */
export async function diffSide(spec: string, opts: DiffSideOptions): Promise<DiffInput> {
  const build = buildSpecOf(spec);
  if (build) {
    return withSources(
      [build],
      opts.builder,
      async (ctx) => {
        const opened = await openSource(build, ctx);
        // A report directory's report is finished as it is; its layers are not here to compare files.
        const made = await reportFromSource(opened.source, { measureLayers: build.kind !== 'report' });
        const blobs = made.evidence.blobs;
        return {
          name: spec === 'last' ? `last (${made.report.build.ref})` : spec,
          report: made.report,
          files: blobs ? await filesOf(made.report, blobs) : undefined,
        };
      },
      { engineBlobs: true, ...(opts.say ? { say: opts.say } : {}) },
    );
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
