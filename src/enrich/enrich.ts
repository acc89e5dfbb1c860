import type { AssembledBuild } from '../assemble/assemble.js';
import type { BuildRecord, StateStore } from '../build-records/index.js';
import { buildCheckFindings } from '../analysis/build-checks.js';
import { loadConfig, type LoadedConfig } from '../config/config.js';
import { makeRedactor } from '../core/redact.js';
import { errorMessage } from '../core/errors.js';
import { debug } from '../core/log.js';
import type { ImageLayerFacts } from '../model/facts.js';
import type { ImageFileTrees } from '../model/file-tree.js';
import type { Report } from '../model/report.js';
import type { BuildEvidence } from '../sources/source.js';
import { compareBuilds, nothingMissed, type BaselineFinder } from './cache-compare.js';
import { addFindings } from './findings.js';
import { addImage, type LayerOutcome } from './layers.js';
import { addImageDetails } from './image-details.js';
import { locateImage, type LocatedImage } from './exported-image.js';
import { missedWithRoots, recentReruns } from './reruns.js';

// One path from the assembled model to the finished report, whichever
// command asked and whatever the source: the image and its layers, the cache
// comparison, the re-run history, the findings. The same build therefore gets
// the same report from `build`, `report` and `why`. Each missing input
// becomes one note, where it matters.

/** What enrichment takes besides the model and the evidence. */
export interface EnrichOptions {
  /** The layer analysis started while the source collected; undefined: contents not asked for. */
  layers?: Promise<LayerOutcome> | undefined;
  /** The image located while the source collected; undefined: located here from the evidence. */
  image?: Promise<LocatedImage> | undefined;
  /** Finds the build to compare with; undefined: no cache comparison. */
  baseline?: BaselineFinder | undefined;
  /**
   * Skip the comparison when nothing missed (cacheMisses is then [] without a
   * compareRef): what a cached rebuild does to stay fast. `why` and `report`
   * still name the build they compared with.
   */
  skipComparisonWhenCached?: boolean | undefined;
  /** buildlens's own build records (re-run history), or why they could not be opened. */
  records?: StateStore | Error | undefined;
  /** The configuration; loaded from the build context when not given. */
  config?: LoadedConfig | undefined;
}

/** The finished report, and what the caller may keep or check. */
export interface EnrichedReport {
  report: Report;
  /** buildlens's own record of the build, with what missed (for the build-records store). */
  own?: BuildRecord;
  config: LoadedConfig;
  /** Facts of the final image's layers (for rules), index-aligned with report.image.layers. */
  layers?: ImageLayerFacts;
  /** The file browser's bounded trees, index-aligned with report.image.layers (when asked for and the layers were read). */
  fileTrees?: ImageFileTrees;
}

/** Enriches an assembled build into its finished report. Never throws for a missing input; a bad config file is a UsageError. */
export async function enrich(built: AssembledBuild, evidence: BuildEvidence, opts: EnrichOptions): Promise<EnrichedReport> {
  const { report } = built;
  let layers: ImageLayerFacts | undefined;
  let fileTrees: ImageFileTrees | undefined;
  // An image read directly carries its layers; a build's are located from its provenance.
  const located =
    evidence.image?.located ??
    (evidence.provenance && report.build.status === 'success'
      ? await (opts.image ?? locateImage(evidence.record, evidence.provenance, evidence.blobs))
      : undefined);
  if (located) {
    const outcome = opts.layers ? await opts.layers : undefined;
    layers = addImage(built, located, outcome);
    fileTrees = outcome?.fileTrees;
    addImageDetails(report, located, outcome);
    debug('report: layers analysed');
  }

  let own = evidence.own ? { ...evidence.own } : undefined;
  if (report.build.status !== 'canceled' && opts.baseline)
    await explainMisses(built, evidence, opts.baseline, opts.skipComparisonWhenCached ?? false);
  if (own && report.cacheMisses) own.missed = missedWithRoots(report);
  debug('cache misses explained');

  const records = opts.records instanceof Error ? undefined : opts.records;
  if (opts.records instanceof Error)
    report.notes.push({ topic: 'cache', message: `buildlens's build records could not be opened: ${errorMessage(opts.records)}` });
  const contextDir = own?.contextDir || evidence.context?.dir;
  // A bad config file is the user's to fix: a usage error naming the file and field, never silently ignored.
  const config = opts.config ?? (await loadConfig(contextDir));
  const rerunHistory = records && own ? recentReruns(await records.listRecords().catch(() => []), own) : undefined;
  const checks = buildCheckFindings(evidence.progress.warnings, makeRedactor(evidence.secretValues));
  report.notes.push(...checks.notes);
  addFindings(report, built.dockerfile, {
    buildChecks: checks.findings,
    config: config.rules,
    buildArgNames: evidence.buildArgNames,
    ...(layers ? { layers } : {}),
    ...(evidence.context ? { context: evidence.context } : {}),
    ...(rerunHistory ? { rerunHistory } : {}),
  });
  const result: EnrichedReport = { report, config };
  if (own) result.own = own;
  if (layers) result.layers = layers;
  if (fileTrees) result.fileTrees = fileTrees;
  return result;
}

/** The baseline's misses, or the note saying why there is none. */
export async function explainMisses(
  built: AssembledBuild,
  evidence: BuildEvidence,
  findBaseline: BaselineFinder,
  skipWhenCached: boolean,
): Promise<void> {
  const { report } = built;
  if (skipWhenCached && nothingMissed(report)) {
    report.cacheMisses = [];
    return;
  }
  try {
    const baseline = await findBaseline(report, evidence);
    if ('topic' in baseline) {
      report.notes.push(baseline);
      return;
    }
    report.cacheMisses = compareBuilds(report, evidence, baseline, built.dockerfile);
    report.compareRef = baseline.ref;
  } catch (error) {
    report.notes.push({ topic: 'cache', message: `cache misses not explained: ${errorMessage(error)}` });
  }
}
