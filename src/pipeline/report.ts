import { assembleEvidence } from '../assemble/from-evidence.js';
import { debug } from '../core/log.js';
import { enrich, type EnrichedReport, type EnrichOptions } from '../enrich/enrich.js';
import { analyzeImageLayers, type LayerAnalysisOpts, type LayerOutcome } from '../enrich/layers.js';
import { locateImage, type LocatedImage } from '../enrich/exported-image.js';
import { enrichStored } from '../enrich/stored.js';
import type { BorrowedBlobs, BuildEvidence, ReportSource } from '../sources/source.js';

// The whole pipeline for one source: collect → assemble → enrich. Layer
// analysis starts as soon as the source has the provenance, so it overlaps
// the replay of the logs. A source that lacks layer contents but may borrow
// them (a record file whose layers the engine still has) is analysed only
// when every layer of its image can be had.

/** Options of one report. */
export interface ReportOptions extends Omit<EnrichOptions, 'layers' | 'image'> {
  /** Read layer contents (off: sizes from descriptors only, and no note about it). */
  measureLayers: boolean;
  /** With measureLayers: also make the file browser's trees (only the HTML report shows them). */
  fileTrees?: boolean | undefined;
}

/** The finished report of a source, with the evidence it was made from. */
export interface SourceReport extends EnrichedReport {
  evidence: BuildEvidence;
}

/** Collects, assembles and enriches the report of one source. */
export async function reportFromSource(source: ReportSource, opts: ReportOptions): Promise<SourceReport> {
  let layers: Promise<LayerOutcome> | undefined;
  let image: Promise<LocatedImage> | undefined;
  const blobs = source.blobs;
  const analysis: LayerAnalysisOpts = { fileTrees: opts.fileTrees, secrets: source.secrets };
  const evidence = await source.collect({
    onProvenance: (provenance, record) => {
      image = locateImage(record, provenance, blobs);
      if (opts.measureLayers && blobs) layers = image.then((located) => analyzeImageLayers(located, blobs, analysis));
    },
  });
  // A report read back is not assembled again.
  if (evidence.stored) return { ...(await enrichStored(evidence.stored, evidence, opts)), evidence };
  if (opts.measureLayers && !blobs && source.borrowedBlobs)
    ({ image, layers } = await borrowLayers(evidence, source.borrowedBlobs, image, analysis));
  // An image read directly has no provenance: its layers are known once collected.
  if (evidence.image && opts.measureLayers && blobs) layers = analyzeImageLayers(evidence.image.located, blobs, analysis);
  const built = assembleEvidence(evidence);
  built.report.source = evidence.image ? { kind: evidence.kind, name: evidence.ref } : { kind: evidence.kind };
  debug('report: model assembled');
  // Asked for but never started (no provenance while collecting): contents unknown, say so.
  const outcome = opts.measureLayers && (blobs ?? evidence.blobs) ? (layers ?? Promise.resolve({})) : undefined;
  const enriched = await enrich(built, evidence, { ...opts, layers: outcome, image });
  return { ...enriched, evidence };
}

// The image located with the borrowed store (it may hold the exporter's
// manifest), and its layers analysed when the store has every one of them;
// otherwise the source's note on what is missing.
async function borrowLayers(
  evidence: BuildEvidence,
  borrowed: BorrowedBlobs,
  image: Promise<LocatedImage> | undefined,
  analysis: LayerAnalysisOpts,
): Promise<{ image?: Promise<LocatedImage>; layers?: Promise<LayerOutcome> }> {
  const { record, provenance } = evidence;
  // A failed build's layers are not analysed, as for a live one.
  if (!record || !provenance || record.error) return image ? { image } : {};
  const located = await locateImage(record, provenance, borrowed.store.read);
  let missing = 0;
  // One at a time: a probe may open a stream on the builder.
  for (const layer of located.layers) if (!(await borrowed.store.has(layer.descriptor.digest, layer.descriptor.size))) missing++;
  debug(`borrowed layers: ${located.layers.length - missing} of ${located.layers.length} found`);
  if (located.layers.length === 0 || missing > 0) {
    evidence.notes.push(borrowed.missingNote(missing, located.layers.length));
    // The store that lacks the layers lacks the manifest too: that note says it once.
    delete located.problem;
    return { image: Promise.resolve(located) };
  }
  evidence.blobs = borrowed.store.read;
  return { image: Promise.resolve(located), layers: analyzeImageLayers(located, borrowed.store.read, analysis) };
}
