import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { BuilderSession } from '../../src/builder/connect.js';
import type { BuilderNodes } from '../../src/builder/nodes.js';
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
export async function recordedHistory(names: readonly string[] = RECORDED): Promise<HistoryRecord[]> {
  const records = await Promise.all(names.map(async (name) => (await loadRecorded(name)).record));
  return records.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
}

/** A session on builder `name` whose client lists `records`, serves one by ref (and, given `blobs`, serves their blobs; nothing else). */
export function listingSession(
  records: HistoryRecord[],
  name = 'default',
  node = 'default',
  blobs?: Pick<BuildkitClient, 'readBlob'>,
): BuilderSession {
  const client = {
    listRecords: async () => records,
    getRecord: async (ref: string) => records.find((r) => r.ref === ref),
    ...(blobs ? { readBlob: (digest: string) => blobs.readBlob(digest) } : {}),
    close: async () => undefined,
  };
  // Only listRecords, getRecord (and readBlob when given) are ever called by what these sessions are used for.
  return { builder: { name, driver: 'docker', nodes: [] }, node, client: client as unknown as BuildkitClient };
}

/**
 * A builder of the given nodes (in order), each listing its records, standing
 * in for NodeConnections; a node mapped to an Error cannot be reached. Given
 * `blobs`, each node's client serves them too.
 */
export function listingNodes(
  perNode: Record<string, HistoryRecord[] | Error>,
  name = 'default',
  driver = 'docker',
  blobs?: Pick<BuildkitClient, 'readBlob'>,
): BuilderNodes {
  const nodes = Object.keys(perNode).map((node) => ({
    name: node,
    endpoint: node,
    transport: { description: node, dial: () => Promise.reject(new Error('not dialed')) },
  }));
  const builder = { name, driver, nodes };
  const session = async (node?: string): Promise<BuilderSession> => {
    const which = node ?? nodes[0]?.name ?? '';
    const records = perNode[which];
    if (records === undefined || records instanceof Error) throw records ?? new Error(`no node ${which}`);
    return { ...listingSession(records, name, which, blobs), builder };
  };
  return {
    builder,
    session,
    async all() {
      const settled = await Promise.allSettled(nodes.map((n) => session(n.name)));
      return {
        sessions: settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])),
        unreachable: settled.flatMap((s, i) =>
          s.status === 'rejected' ? [{ node: nodes[i]?.name ?? '', error: s.reason as unknown }] : [],
        ),
      };
    },
  };
}

/** A builder whose nodes are the given sessions (a session's builder names the builder). */
export function sessionNodes(...sessions: BuilderSession[]): BuilderNodes {
  const [first] = sessions;
  if (!first) throw new Error('sessionNodes needs a session');
  const builder = {
    ...first.builder,
    nodes: sessions.map((s) => ({
      name: s.node,
      endpoint: s.node,
      transport: { description: s.node, dial: () => Promise.reject(new Error('not dialed')) },
    })),
  };
  const withBuilder = sessions.map((s) => ({ ...s, builder }));
  return {
    builder,
    session: async (node?: string) => withBuilder.find((s) => s.node === node) ?? withBuilder[0]!,
    all: async () => ({ sessions: withBuilder, unreachable: [] }),
  };
}

/** A client serving the recorded builds (by default those of the default engine): their records, logs and provenance (layer blobs were not recorded). */
export async function recordedClient(names: readonly string[] = RECORDED): Promise<BuildkitClient> {
  const records = await recordedHistory(names);
  const blobs = new Map<string, Buffer>();
  for (const name of names) {
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
      return blob
        ? Readable.from([blob])
        : Readable.from(
            (async function* () {
              throw new Error(`blob ${digest} was not recorded`);
            })(),
          );
    },
    close: async () => undefined,
  };
  // The calls a history report makes: listRecords, getRecord, readBlob.
  return client as unknown as BuildkitClient;
}
