import { assembleEvidence } from '../assemble/from-evidence.js';
import { debug } from '../core/log.js';
import { enrich, type EnrichedReport, type EnrichOptions } from '../enrich/enrich.js';
import { analyzeImageLayers, type LayerOutcome } from '../enrich/layers.js';
import type { BuildEvidence, ReportSource } from '../sources/source.js';

// The whole pipeline for one source: collect → assemble → enrich. Layer
// analysis starts as soon as the source has the provenance, so it overlaps
// the replay of the logs.

/** Options of one report. */
export interface ReportOptions extends Omit<EnrichOptions, 'layers'> {
  /** Read layer contents (off: sizes from descriptors only, and no note about it). */
  measureLayers: boolean;
}

/** The finished report of a source, with the evidence it was made from. */
export interface SourceReport extends EnrichedReport {
  evidence: BuildEvidence;
}

/** Collects, assembles and enriches the report of one source. */
export async function reportFromSource(source: ReportSource, opts: ReportOptions): Promise<SourceReport> {
  let layers: Promise<LayerOutcome> | undefined;
  const blobs = source.blobs;
  const evidence = await source.collect({
    onProvenance: (provenance) => {
      if (opts.measureLayers && blobs) layers = analyzeImageLayers(provenance, blobs);
    },
  });
  const built = assembleEvidence(evidence);
  built.report.source = { kind: evidence.kind };
  debug('report: model assembled');
  // Asked for but never started (no provenance while collecting): contents unknown, say so.
  const outcome = opts.measureLayers && blobs ? (layers ?? Promise.resolve({})) : undefined;
  const enriched = await enrich(built, evidence, { ...opts, layers: outcome });
  return { ...enriched, evidence };
}
