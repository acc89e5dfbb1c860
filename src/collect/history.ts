import type { Readable } from 'node:stream';
import { BuildkitClient } from '../buildkit/client.js';
import type { BlobDescriptor, HistoryRecord } from '../buildkit/types.js';
import { errorMessage } from '../core/errors.js';
import { debug } from '../core/log.js';
import type { Note } from '../model/report.js';
import { parseErrorDetails, type ErrorFacts } from './error-details.js';
import { readLogFrames } from './logs-blob.js';
import { ProgressCollector } from './progress.js';
import { parseProvenance, type ProvenanceFacts } from './provenance.js';

// Collects what the builder's history keeps about one build: the record, the
// replayed progress stream, the provenance and the error details. Whatever
// cannot be collected becomes a note; the report goes on without it.

const MAX_PROVENANCE_BYTES = 64 * 1024 * 1024;
const IN_TOTO = 'application/vnd.in-toto+json';

/** The history side of a build, as far as it could be collected. */
export interface HistoryFacts {
  record?: HistoryRecord;
  progress: ProgressCollector;
  provenance?: ProvenanceFacts;
  errorFacts?: ErrorFacts;
  notes: Note[];
}

/** What collection needs from a BuildKit client. */
export interface HistorySource {
  getRecord(ref: string): Promise<HistoryRecord | undefined>;
  readBlob(digest: string): Readable;
}

/** Options of a collection. */
export interface CollectHistoryOpts {
  /** May already hold a live stream. */
  progress?: ProgressCollector;
  replayLogs?: boolean;
  /** Called as soon as the provenance is parsed, before the logs replay ends (to start work that needs only it). */
  onProvenance?: (provenance: ProvenanceFacts, record: HistoryRecord) => void;
}

/** Collects record, logs, provenance and error facts; the provenance is read while the logs replay. */
export async function collectHistory(client: HistorySource, ref: string, opts: CollectHistoryOpts = {}): Promise<HistoryFacts> {
  const progress = opts.progress ?? new ProgressCollector();
  const facts: HistoryFacts = { progress, notes: [] };
  const record = await client.getRecord(ref);
  debug(`history: record ${record ? 'read' : 'missing'}`);
  if (!record) {
    facts.notes.push({
      topic: 'history',
      message:
        `the builder keeps no history record for ${ref} (pruned, or a builder without the history API): timings and lines come ` +
        `from the live stream only`,
    });
    return facts;
  }
  facts.record = record;
  if (record.error) facts.errorFacts = parseErrorDetails(record.error);

  const descriptor = provenanceDescriptor(record);
  // Settled as it comes, so a failure waits for the logs replay without going unhandled.
  const provenance = descriptor
    ? readSmallBlob(client, descriptor, MAX_PROVENANCE_BYTES)
        .then((text): { parsed: ProvenanceFacts } | { error: unknown } => {
          const parsed = parseProvenance(JSON.parse(text));
          debug('history: provenance read');
          opts.onProvenance?.(parsed, record);
          return { parsed };
        })
        .catch((error: unknown) => ({ error }))
    : undefined;

  if ((opts.replayLogs ?? true) && record.logs) {
    try {
      for await (const frame of readLogFrames(client.readBlob(record.logs.digest))) progress.apply(BuildkitClient.decodeStatus(frame));
      progress.finish();
      debug('history: logs replayed');
    } catch (error) {
      facts.notes.push({ topic: 'logs', message: `could not replay the build's progress log: ${errorMessage(error)}` });
    }
  }

  const result = await provenance;
  if (result && 'parsed' in result) facts.provenance = result.parsed;
  else if (result)
    facts.notes.push({ topic: 'provenance', message: `could not read the build's provenance: ${errorMessage(result.error)}` });
  else if (!record.error) {
    facts.notes.push({
      topic: 'provenance',
      message: 'the history record has no provenance: Dockerfile lines are derived from step names',
    });
  }
  return facts;
}

/** The provenance attestation of a record; for multi-platform builds, the first platform's. */
export function provenanceDescriptor(record: HistoryRecord): BlobDescriptor | undefined {
  const results = [record.result, ...Object.values(record.results)];
  for (const result of results) {
    const found = result?.attestations.find(
      (a) => a.mediaType === IN_TOTO || a.annotations['in-toto.io/predicate-type']?.includes('provenance'),
    );
    if (found) return found;
  }
  return undefined;
}

async function readSmallBlob(client: HistorySource, descriptor: BlobDescriptor, limit: number): Promise<string> {
  if (descriptor.size > limit) throw new Error(`blob ${descriptor.digest} is ${descriptor.size} bytes, over the ${limit}-byte bound`);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of client.readBlob(descriptor.digest)) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > limit) throw new Error(`blob ${descriptor.digest} exceeds the ${limit}-byte bound`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
