import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { HistoryRecord } from '../../src/buildkit/types.js';
import { provenanceDescriptor } from '../../src/collect/history.js';
import { finalChain } from '../../src/enrich/exported-image.js';
import { reportFromSource } from '../../src/pipeline/report.js';
import { historySource, type HistoryClient } from '../../src/sources/history.js';
import { tarOf } from '../layers/support.js';
import { loadRecorded } from '../support/fixtures.js';

// The pipeline over a history source of a recorded build (record, logs,
// provenance) with synthetic layer blobs served in place of the real ones.

// A history ref's report; exitCode/canceled stand for a run buildlens made.
function reportForRef(opts: { client: HistoryClient; builder: { name: string; driver: string }; ref: string; exitCode?: number; canceled?: boolean; measureLayers?: boolean }) {
  const run = opts.exitCode !== undefined || opts.canceled ? { exitCode: opts.exitCode ?? 130, canceled: opts.canceled ?? false, startedAt: new Date(), completedAt: new Date() } : undefined;
  return reportFromSource(historySource(opts.client, opts.builder, opts.ref, run ? { run } : {}), { measureLayers: opts.measureLayers ?? true });
}

const fixture = (name: string) => readFileSync(new URL(`../fixtures/build-stage-longer/${name}`, import.meta.url));
const saved = { cache: process.env.BUILDLENS_CACHE_DIR, content: process.env.BUILDLENS_CONTENT_DIR };
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'buildlens-pipeline-report-test-'));
  process.env.BUILDLENS_CACHE_DIR = join(dir, 'cache');
  process.env.BUILDLENS_CONTENT_DIR = join(dir, 'content');
});
afterEach(() => {
  for (const [key, value] of [['BUILDLENS_CACHE_DIR', saved.cache], ['BUILDLENS_CONTENT_DIR', saved.content]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(dir, { recursive: true, force: true });
});

async function recorded() {
  const { record, provenance, exported } = await loadRecorded('build-stage-longer');
  if (!provenance) throw new Error('fixture without provenance');
  return { record, exported, layers: finalChain(provenance).layers };
}

// A client serving the fixture's logs and provenance, and a small gzip layer for every layer digest.
async function clientFor(record: HistoryRecord, opts: { logsUntil?: Promise<unknown>; exported?: Map<string, Buffer> } = {}) {
  const layerBlob = gzipSync(await tarOf([{ name: 'app/file.txt', size: 42 }]));
  const read: string[] = [];
  const state = { logsEnded: false };
  const client = {
    getRecord: async (): Promise<HistoryRecord> => record,
    readBlob: (digest: string): Readable => {
      read.push(digest);
      if (digest === record.logs?.digest) {
        const logs = fixture('logs.bin');
        const until = opts.logsUntil;
        return Readable.from((async function* () {
          yield logs.subarray(0, 64);
          if (until) await Promise.race([until, new Promise((resolve) => setTimeout(resolve, 1000))]);
          yield logs.subarray(64);
          state.logsEnded = true;
        })());
      }
      if (digest === provenanceDescriptor(record)?.digest) return Readable.from([fixture('provenance.json')]);
      const manifest = opts.exported?.get(digest);
      if (manifest) return Readable.from([manifest]);
      return Readable.from([layerBlob]);
    },
  };
  return { client, read, state };
}

describe('reportFromSource over a history ref', () => {
  test('layer blobs are opened while the logs still replay', async () => {
    const { record, layers } = await recorded();
    let layerOpened!: () => void;
    const opened = new Promise<void>((resolve) => (layerOpened = resolve));
    const { client, state } = await clientFor(record, { logsUntil: opened });
    let logsDoneBeforeLayer: boolean | undefined;
    const wrapped = {
      ...client,
      readBlob: (digest: string) => {
        if (layers.some((l) => l.digest === digest) && logsDoneBeforeLayer === undefined) {
          logsDoneBeforeLayer = state.logsEnded;
          layerOpened();
        }
        return client.readBlob(digest);
      },
    };
    const built = await reportForRef({ client: wrapped, builder: { name: 'test', driver: 'remote' }, ref: record.ref });
    // Had the layers waited for the logs, the logs would have held for their full second and ended first.
    expect(logsDoneBeforeLayer).toBe(false);
    expect(built.layers?.layers).toHaveLength(layers.length);
    expect(built.report.image?.layers.every((l) => l.files === 1)).toBe(true);
  });

  test('a docker builder reads layers from the local content store first; a file that does not hold its digest becomes a layer note', async () => {
    const { record, layers, exported } = await recorded();
    const { client, read } = await clientFor(record, { exported });
    const first = [...layers].sort((a, b) => b.size - a.size)[0];
    if (!first) throw new Error('fixture without layers');
    const rest = layers.filter((l) => l.digest !== first.digest);
    // Same size as the descriptor, other bytes: a gzip layer padded with zeros.
    const impostor = gzipSync(await tarOf([{ name: 'x', size: 1 }]));
    expect(first.size).toBeGreaterThan(impostor.length);
    const padded = Buffer.concat([impostor, Buffer.alloc(first.size - impostor.length)]);
    mkdirSync(join(dir, 'content', 'blobs', 'sha256'), { recursive: true });
    writeFileSync(join(dir, 'content', 'blobs', 'sha256', first.digest.slice('sha256:'.length)), padded);

    const built = await reportForRef({ client, builder: { name: 'default', driver: 'docker' }, ref: record.ref });
    expect(read).not.toContain(first.digest);
    for (const layer of rest) expect(read).toContain(layer.digest);
    const notes = built.report.notes.filter((n) => n.topic === 'layers').map((n) => n.message);
    expect(notes).toEqual([expect.stringMatching(new RegExp(`^${first.digest.slice(0, 19)}: layer could not be read to the end \\(.*does not hold ${first.digest}`))]);
  });

  test('no layer blob is opened for a failed build or when layers are not measured', async () => {
    const { record, layers } = await recorded();
    const { client, read } = await clientFor(record);
    await reportForRef({ client, builder: { name: 'test', driver: 'remote' }, ref: record.ref, exitCode: 1 });
    await reportForRef({ client, builder: { name: 'test', driver: 'remote' }, ref: record.ref, measureLayers: false });
    await reportForRef({ client, builder: { name: 'test', driver: 'remote' }, ref: record.ref, canceled: true });
    expect(read.filter((d) => layers.some((l) => l.digest === d))).toEqual([]);
  });
});
