import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { HistoryRecord, ProgressUpdate } from '../../src/buildkit/types.js';
import { BuildkitClient } from '../../src/buildkit/client.js';
import { readLogFrames } from '../../src/collect/logs-blob.js';
import { ProgressCollector } from '../../src/collect/progress.js';
import { parseProvenance, type ProvenanceFacts } from '../../src/collect/provenance.js';
import { assembleBuild, type AssembleInput } from '../../src/assemble/assemble.js';
import { parseErrorDetails } from '../../src/collect/error-details.js';
import { makeRedactor } from '../../src/core/redact.js';
import type { Report } from '../../src/model/report.js';

// Loads what scripts/record-fixtures.ts captured from the real engine.

const root = new URL('../fixtures/', import.meta.url);

/** A recorded build: record, replayed progress, provenance, Dockerfile. */
export interface RecordedBuild {
  record: HistoryRecord;
  progress: ProgressCollector;
  provenance?: ProvenanceFacts;
  dockerfile: string;
  logs: Buffer;
  /** The exported image's index and manifests, by digest (empty when none was recorded). */
  exported: Map<string, Buffer>;
}

/** Reads test/fixtures/<name>/ into the project's types. */
export async function loadRecorded(name: string): Promise<RecordedBuild> {
  const dir = new URL(`${name}/`, root);
  const record = JSON.parse(readFileSync(new URL('record.json', dir), 'utf8'), (key, value: unknown) =>
    (key === 'createdAt' || key === 'completedAt') && typeof value === 'string' ? new Date(value) : value,
  ) as HistoryRecord;
  const logs = readFileSync(new URL('logs.bin', dir));
  const progress = new ProgressCollector();
  for await (const frame of readLogFrames(Readable.from([logs]))) progress.apply(BuildkitClient.decodeStatus(frame));
  progress.finish();
  const provenanceFile = new URL('provenance.json', dir);
  const exportedDir = new URL('exported/', dir);
  const exported = new Map<string, Buffer>();
  if (existsSync(exportedDir))
    for (const file of readdirSync(exportedDir)) exported.set(file.replace('-', ':'), readFileSync(new URL(file, exportedDir)));
  const recorded: RecordedBuild = { record, progress, dockerfile: readFileSync(new URL('Dockerfile', dir), 'utf8'), logs, exported };
  if (existsSync(provenanceFile)) recorded.provenance = parseProvenance(JSON.parse(readFileSync(provenanceFile, 'utf8')));
  return recorded;
}

/** Text of a recorded fixture file. */
export function fixtureText(path: string): string {
  return readFileSync(new URL(path, root), 'utf8');
}

/** One message of a recorded live progress stream, with when it arrived (ms after the first). */
export interface LiveUpdate {
  at: number;
  update: ProgressUpdate;
}

const DATE_KEYS = new Set(['started', 'completed', 'timestamp']);

/** The live Status stream scripts/record-fixtures.ts recorded for a scenario (live.jsonl), in arrival order. */
export function loadLiveUpdates(name: string): LiveUpdate[] {
  const text = readFileSync(new URL(`${name}/live.jsonl`, root), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map(
      (line) =>
        JSON.parse(line, (key, value: unknown) => {
          if (DATE_KEYS.has(key) && typeof value === 'string') return new Date(value);
          if (value && typeof value === 'object' && typeof (value as { base64?: unknown }).base64 === 'string')
            return Buffer.from((value as { base64: string }).base64, 'base64');
          return value;
        }) as LiveUpdate,
    );
}

/** What assembling a recorded build starts from, as a live build's source gives it (its provenance and error facts when it has them). */
export function recordedInput(recorded: RecordedBuild, extra: Partial<AssembleInput> = {}): AssembleInput {
  const input: AssembleInput = {
    builder: { name: 'default', driver: 'docker' },
    ref: recorded.record.ref,
    dockerfilePath: 'Dockerfile',
    platforms: [],
    exitCode: recorded.record.error ? 1 : 0,
    record: recorded.record,
    vertexes: recorded.progress.vertexes,
    redact: makeRedactor([]),
    toolVersion: 'test',
    ...extra,
  };
  if (recorded.provenance) input.provenance = recorded.provenance;
  if (recorded.record.error) input.errorFacts = parseErrorDetails(recorded.record.error);
  return input;
}

/** The report model assembled from a recorded build, as every source's report starts (no image, no findings). */
export async function assembledRecorded(name: string): Promise<Report> {
  const recorded = await loadRecorded(name);
  return assembleBuild(recordedInput(recorded, { redact: makeRedactor(['recorded-secret-value']) })).report;
}
