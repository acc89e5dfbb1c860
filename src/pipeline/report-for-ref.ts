import type { Readable } from 'node:stream';
import type { HistoryRecord } from '../buildkit/types.js';
import { collectHistory } from '../collect/history.js';
import { attributeImageLayers } from '../collect/image-layers.js';
import { measureUncompressed } from '../collect/layer-measure.js';
import { ProgressCollector } from '../collect/progress.js';
import { assembleBuild, type AssembledBuild } from '../model/assemble.js';
import { makeRedactor } from '../model/redact.js';
import type { ImageLayer, Note, Report } from '../model/report.js';
import { toolVersion } from '../version.js';
import { debug } from '../log.js';

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
}

/** Builds the report of one build from the builder's history. */
export async function reportForRef(request: ReportRequest): Promise<BuildReport> {
  debug('report: reading build history');
  const facts = await collectHistory(request.client, request.ref);
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

  if (facts.provenance && assembled.report.build.status === 'success') {
    debug('report: measuring layers');
    await addImage(assembled, facts.provenance, request);
    debug('report: layers measured');
  }
  const result: BuildReport = { ...assembled };
  if (record) result.record = record;
  return result;
}

async function addImage(assembled: AssembledBuild, provenance: NonNullable<Awaited<ReturnType<typeof collectHistory>>['provenance']>, request: ReportRequest): Promise<void> {
  const { report } = assembled;
  const layers = attributeImageLayers(provenance);
  if (layers.length === 0) return;
  const stepByLlb = new Map<string, Report['steps'][number]>();
  for (const step of report.steps) {
    const llb = assembled.llbStepOf.get(step.id);
    if (llb && !step.platform) stepByLlb.set(llb, step);
  }
  const lastStage = [...layers].reverse().map((l) => (l.step ? stepByLlb.get(l.step)?.stage : undefined)).find((s) => s !== undefined && !layers.every((x) => x.base));
  const finalStage = assembled.stages.find((s) => s.name === lastStage?.toLowerCase()) ?? assembled.stages[assembled.stages.length - 1];
  const notes: Note[] = [];
  const imageLayers: ImageLayer[] = [];
  for (const layer of layers) {
    let uncompressed = layer.descriptor.size;
    if (request.measureLayers ?? true) {
      try {
        uncompressed = await measureUncompressed(request.client.readBlob(layer.descriptor.digest), layer.descriptor.mediaType);
      } catch (error) {
        notes.push({ topic: 'layers', message: `could not read layer ${layer.descriptor.digest}: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
    const step = layer.step ? stepByLlb.get(layer.step) : undefined;
    const entry: ImageLayer = { digest: layer.descriptor.digest, size: layer.descriptor.size, uncompressedSize: uncompressed, base: layer.base };
    const line = layer.base ? finalStage?.fromLine : step?.line;
    if (line !== undefined) entry.line = line;
    if (step && !layer.base) {
      entry.step = step.id;
      step.layer = { digest: entry.digest, size: entry.size, uncompressedSize: uncompressed, files: 0, addedBytes: uncompressed, wastedBytes: 0 };
    }
    imageLayers.push(entry);
  }
  report.image = {
    size: imageLayers.reduce((s, l) => s + l.size, 0),
    uncompressedSize: imageLayers.reduce((s, l) => s + l.uncompressedSize, 0),
    wastedBytes: 0,
    efficiency: 1,
    layers: imageLayers,
  };
  report.notes.push(...notes);
}
