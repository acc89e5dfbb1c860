import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { BuilderSession } from '../../src/builder/connect.js';
import type { BuildkitClient } from '../../src/buildkit/client.js';
import type { HistoryRecord } from '../../src/buildkit/types.js';
import { provenanceDescriptor } from '../../src/collect/history.js';
import { loadRecorded } from './fixtures.js';

// The history of the engine the fixtures were recorded on: the records of the
// recorded builds, newest first as BuildkitClient.listRecords returns them,
// a session whose client lists them (commands that only read the list), and a
// client that also serves their logs and provenance (history reports).

/** The recorded builds' names, oldest first. */
export const RECORDED = ['multi-stage', 'cached-rebuild', 'failed-run', 'multi-platform'] as const;

/** The recorded records, newest first. */
export async function recordedHistory(): Promise<HistoryRecord[]> {
  const records = await Promise.all(RECORDED.map(async (name) => (await loadRecorded(name)).record));
  return records.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
}

/** A session on builder `name` whose client lists `records` (and does nothing else). */
export function listingSession(records: HistoryRecord[], name = 'default', node = 'default'): BuilderSession {
  const client = { listRecords: async () => records, getRecord: async (ref: string) => records.find((r) => r.ref === ref), close: async () => undefined };
  // Only listRecords and getRecord are ever called by what these sessions are used for.
  return { builder: { name, driver: 'docker', nodes: [] }, node, client: client as unknown as BuildkitClient };
}

/** A client serving the recorded builds: their records, logs and provenance (layer blobs were not recorded). */
export async function recordedClient(): Promise<BuildkitClient> {
  const records = await recordedHistory();
  const blobs = new Map<string, Buffer>();
  for (const name of RECORDED) {
    const { record, logs } = await loadRecorded(name);
    if (record.logs) blobs.set(record.logs.digest, logs);
    const provenance = provenanceDescriptor(record);
    if (provenance) blobs.set(provenance.digest, readFileSync(new URL(`../fixtures/${name}/provenance.json`, import.meta.url)));
  }
  const client = {
    listRecords: async () => records,
    getRecord: async (ref: string) => records.find((r) => r.ref === ref),
    readBlob: (digest: string) => {
      const blob = blobs.get(digest);
      return blob ? Readable.from([blob]) : Readable.from((async function* () { throw new Error(`blob ${digest} was not recorded`); })());
    },
    close: async () => undefined,
  };
  // The calls a history report makes: listRecords, getRecord, readBlob.
  return client as unknown as BuildkitClient;
}
