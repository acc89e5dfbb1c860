import type { Readable } from 'node:stream';
import type { HistoryRecord } from '../buildkit/types.js';
import { collectHistory } from '../collect/history.js';
import { attributeImageLayers } from '../collect/image-layers.js';
import type { ProvenanceFacts } from '../collect/provenance.js';
import { localContentDirs, localFirst } from '../buildkit/local-content.js';
import { stageLineage } from '../dockerfile/model.js';
import { analyzeImage, LayerFactsCache } from '../layers/index.js';
import type { ImageLayerFacts } from '../model/facts.js';
import { ProgressCollector } from '../collect/progress.js';
import { assembleBuild, type AssembledBuild } from '../assemble/assemble.js';
import { makeRedactor } from '../core/redact.js';
import type { ImageLayer, Report } from '../model/report.js';
import { toolVersion } from '../core/version.js';
import { errorMessage } from '../core/errors.js';
import { debug } from '../core/log.js';

// One pipeline for `build` (live) and `report` (after the fact): collect what
// the builder's history keeps about a ref, assemble the model, attribute the
// image's layers to lines. Only where the progress stream comes from differs.

/** What the pipeline needs from a BuildKit client. */
export interface ReportClient {
  getRecord(ref: string): Promise<HistoryRecord | undefined>;
  readBlob(digest: string): Readable;
}

/** A request for the report of one build. */
export interface ReportRequest {
  client: ReportClient;
  builder: { name: string; driver: string; node?: string };
  ref: string;
  /** buildx's exit code when buildlens ran the build; otherwise derived from the record. */
  exitCode?: number;
  canceled?: boolean;
  /** The live progress stream, used when the history record has no logs. */
  liveProgress?: ProgressCollector;
  dockerfilePath?: string;
  dockerfileText?: string;
  target?: string;
  platforms?: string[];
  /** Values that must never appear in output (build-arg values known to the caller). */
  secretValues?: string[];
  /** Read layer blobs to measure them (off: sizes from descriptors only). */
  measureLayers?: boolean;
  startedAt?: Date;
  completedAt?: Date;
  onPhase?: (message: string) => void;
}

/** The report plus what later stages (rules, cache diagnosis) need alongside it. */
export interface BuildReport extends AssembledBuild {
  record?: HistoryRecord;
  /** Layer facts of the final image, index-aligned with report.image.layers (for rules). */
  layers?: ImageLayerFacts;
}

/** Builds the report of one build from the builder's history. */
export async function reportForRef(request: ReportRequest): Promise<BuildReport> {
  debug('report: reading build history');
  // Layers need only the provenance: their analysis starts while the logs replay.
  let layerAnalysis: Promise<LayerOutcome> | undefined;
  const facts = await collectHistory(request.client, request.ref, {
    onProvenance: (provenance, record) => {
      if (request.canceled || (request.exitCode ?? 0) !== 0 || record.error || !(request.measureLayers ?? true)) return;
      debug('report: analysing layers');
      layerAnalysis = analyzeLayers(provenance, request);
    },
  });
  debug('report: history read');
  const record = facts.record;
  const progress = facts.progress.vertexes.size > 0 ? facts.progress : (request.liveProgress ?? facts.progress);
  const attrs = record?.frontendAttrs ?? {};
  const buildArgValues = Object.entries(attrs).filter(([k]) => k.startsWith('build-arg:')).map(([, v]) => v);
  const redact = makeRedactor([...(request.secretValues ?? []), ...buildArgValues]);
  const platforms = request.platforms?.length ? request.platforms : (attrs.platform?.split(',').filter(Boolean) ?? (facts.provenance?.platform ? [facts.provenance.platform] : []));

  const input: Parameters<typeof assembleBuild>[0] = {
    builder: request.builder,
    ref: request.ref,
    dockerfilePath: request.dockerfilePath ?? attrs.filename ?? 'Dockerfile',
    platforms,
    exitCode: request.exitCode ?? (record?.error ? 1 : 0),
    vertexes: progress.vertexes,
    redact,
    toolVersion: toolVersion(),
    notes: facts.notes,
  };
  const target = request.target ?? attrs.target;
  if (target) input.target = target;
  if (request.canceled) input.canceled = true;
  if (record) input.record = record;
  if (facts.provenance) input.provenance = facts.provenance;
  if (facts.errorFacts) input.errorFacts = facts.errorFacts;
  if (request.dockerfileText !== undefined) input.dockerfileText = request.dockerfileText;
  if (request.startedAt) input.startedAt = request.startedAt;
  if (request.completedAt) input.completedAt = request.completedAt;
  const assembled = assembleBuild(input);
  let layerFacts: ImageLayerFacts | undefined;

  if (facts.provenance && assembled.report.build.status === 'success') {
    layerFacts = await addImage(assembled, facts.provenance, await (layerAnalysis ?? Promise.resolve({})));
    debug('report: layers analysed');
  }
  const result: BuildReport = { ...assembled };
  if (record) result.record = record;
  if (layerFacts) result.layers = layerFacts;
  return result;
}

type LayerOutcome = { facts?: ImageLayerFacts; error?: unknown };

// Reads and analyses the final image's layers; never rejects.
async function analyzeLayers(provenance: ProvenanceFacts, request: ReportRequest): Promise<LayerOutcome> {
  try {
    const layers = attributeImageLayers(provenance);
    if (layers.length === 0) return {};
    const open = localFirst(localContentDirs(request.builder.driver), (digest) => request.client.readBlob(digest));
    const facts = await analyzeImage(
      layers.map((l) => ({ digest: l.descriptor.digest, mediaType: l.descriptor.mediaType, size: l.descriptor.size })),
      open,
      { cache: new LayerFactsCache(), onLayer: (i, total, cached) => debug(`layer ${i + 1}/${total} ${layers[i]?.descriptor.digest ?? ''} ${cached ? 'cached' : 'read'}`) },
    );
    return { facts };
  } catch (error) {
    return { error };
  }
}

async function addImage(assembled: AssembledBuild, provenance: ProvenanceFacts, outcome: LayerOutcome): Promise<ImageLayerFacts | undefined> {
  const { report } = assembled;
  const layers = attributeImageLayers(provenance);
  if (layers.length === 0) return undefined;
  const stepByLlb = new Map<string, Report['steps'][number]>();
  for (const step of report.steps) {
    const llb = assembled.llbStepOf.get(step.id);
    if (llb && !step.platform) stepByLlb.set(llb, step);
  }
  const lastStage = [...layers].reverse().map((l) => (l.step && !l.base ? stepByLlb.get(l.step)?.stage : undefined)).find((s) => s !== undefined);
  const stages = assembled.dockerfile?.stages ?? [];
  const finalStage = stages.find((s) => s.name === lastStage?.toLowerCase()) ?? stages[stages.length - 1];
  // "FROM runtime" inherits runtime's base: the line that names the image is the root stage's FROM.
  const lineage = assembled.dockerfile && finalStage ? stageLineage(assembled.dockerfile, finalStage) : [];
  const baseLine = lineage[lineage.length - 1]?.fromLine ?? finalStage?.fromLine;

  const facts = outcome.facts;
  if (outcome.error !== undefined) {
    report.notes.push({ topic: 'layers', message: `layers could not be analysed: ${errorMessage(outcome.error)}` });
  }
  for (const note of facts?.layers.flatMap((l) => l.notes.map((n) => `${l.digest.slice(0, 19)}: ${n}`)) ?? []) report.notes.push({ topic: 'layers', message: note });

  const imageLayers: ImageLayer[] = layers.map((layer, i) => {
    const layerFacts = facts?.layers[i];
    const uncompressed = layerFacts?.uncompressedSize ?? layer.descriptor.size;
    const step = layer.step ? stepByLlb.get(layer.step) : undefined;
    const entry: ImageLayer = { digest: layer.descriptor.digest, size: layer.descriptor.size, uncompressedSize: uncompressed, base: layer.base };
    if (layerFacts) {
      entry.files = layerFacts.files;
      entry.wastedBytes = facts?.wastedBytes[i] ?? 0;
    }
    const line = layer.base ? baseLine : step?.line;
    if (line !== undefined) entry.line = line;
    if (step && !layer.base) {
      entry.step = step.id;
      step.layer = {
        digest: entry.digest,
        size: entry.size,
        uncompressedSize: uncompressed,
        files: layerFacts?.files ?? 0,
        addedBytes: layerFacts?.addedBytes ?? 0,
        wastedBytes: facts?.wastedBytes[i] ?? 0,
      };
      const by = facts?.wastedBy[i] ?? [];
      if (by.length > 0) {
        step.layer.wastedBy = by.map((w) => {
          const remover = layers[w.layer];
          const removerLine = remover?.step ? stepByLlb.get(remover.step)?.line : undefined;
          return removerLine !== undefined ? { line: removerLine, bytes: w.bytes, paths: w.paths } : { bytes: w.bytes, paths: w.paths };
        });
      }
    }
    return entry;
  });
  report.image = {
    size: imageLayers.reduce((s, l) => s + l.size, 0),
    uncompressedSize: imageLayers.reduce((s, l) => s + l.uncompressedSize, 0),
    wastedBytes: facts?.totalWastedBytes ?? 0,
    efficiency: facts?.efficiency ?? 1,
    layers: imageLayers,
  };
  if (!facts) report.notes.push({ topic: 'layers', message: 'layer contents were not analysed: wasted bytes and efficiency are unknown' });
  return facts;
}

