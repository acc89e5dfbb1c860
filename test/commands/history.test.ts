import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { BuilderNodes } from '../../src/builder/nodes.js';
import type { ResolvedBuilder } from '../../src/builder/types.js';
import type { BuildkitClient } from '../../src/buildkit/client.js';
import type { HistoryRecord } from '../../src/buildkit/types.js';
import { runHistory } from '../../src/commands/history.js';
import { recordStepTotals } from '../../src/pipeline/step-totals.js';
import { historyRow, renderHistory } from '../../src/render/history.js';
import { listingNodes, recordedClient, recordedHistory } from '../support/recorded-history.js';

// `buildlens history` on the records of the recorded builds: the row each
// record makes, and the listing over a builder's nodes. The builder and its
// connections are stood in for (no engine here); each node lists records.

const builderStub = vi.hoisted(() => ({
  resolved: undefined as ResolvedBuilder | undefined,
  perNode: {} as Record<string, HistoryRecord[]>,
  broken: {} as Record<string, Error>,
  asked: [] as unknown[],
  // Serves the recorded builds' logs, from which the listing counts steps.
  blobs: undefined as Pick<BuildkitClient, 'readBlob'> | undefined,
}));

vi.mock(import('../../src/builder/resolve.js'), () => ({
  resolveBuilder: async (opts?: { builder?: string }) => {
    builderStub.asked.push(opts);
    if (!builderStub.resolved) throw new Error('no builder set up');
    return builderStub.resolved;
  },
}));
vi.mock(import('../../src/builder/nodes.js'), async (original) => ({
  ...(await original()),
  withNodes: async <T>(opts: { builder?: string | undefined }, fn: (nodes: BuilderNodes) => Promise<T>): Promise<T> => {
    builderStub.asked.push(opts.builder ? { builder: opts.builder } : {});
    const resolved = builderStub.resolved;
    if (!resolved) throw new Error('no builder set up');
    const perNode = Object.fromEntries(resolved.nodes.map((n) => [n.name, builderStub.broken[n.name] ?? builderStub.perNode[n.name] ?? []]));
    return fn(listingNodes(perNode, resolved.name, resolved.driver, builderStub.blobs));
  },
}));

let history: HistoryRecord[];
beforeAll(async () => {
  history = await recordedHistory();
  builderStub.blobs = await recordedClient();
});
afterEach(() => {
  vi.restoreAllMocks();
  builderStub.resolved = undefined;
  builderStub.perNode = {};
  builderStub.broken = {};
  builderStub.asked = [];
});

const byRef = (ref: string) => history.find((r) => r.ref === ref)!;
const CACHED_REBUILD = 'z92kx2ckvoo1hec56fi840r8c';
const FAILED_RUN = 'm8hymovk3jnhtcezz3bbm37jc';
const MULTI_STAGE = 'kmtiwjk6m5carj1pj241zi4yr';
const MULTI_PLATFORM = 'pyks2c6y3cvt2tzl6hk4wp2i0';

// A recorded build's steps as the listing counts them, from its progress log.
const totalsOf = async (ref: string) => recordStepTotals(builderStub.blobs!, byRef(ref));

describe('historyRow', () => {
  test('a cached rebuild: success, its steps and cached steps, start and duration', async () => {
    expect(historyRow(byRef(CACHED_REBUILD), await totalsOf(CACHED_REBUILD))).toEqual({
      ref: CACHED_REBUILD,
      status: 'success',
      steps: 9,
      cachedSteps: 9,
      dockerfile: 'Dockerfile',
      startedAt: '2026-11-23T07:41:02.408Z',
      durationMs: 108,
    });
  });

  test('steps are the Dockerfile\'s, as the report counts them, not every vertex BuildKit\'s record counts', async () => {
    const record = byRef(FAILED_RUN);
    // FROM and two RUNs: BuildKit counts 6 (its own loading of the Dockerfile, .dockerignore and metadata too).
    expect(record.numTotalSteps).toBe(6);
    expect(historyRow(record, await totalsOf(FAILED_RUN))).toMatchObject({ status: 'failed', steps: 2, cachedSteps: 0, durationMs: 492 });
  });

  test('a build whose progress log could not be counted shows no step numbers', () => {
    const row = historyRow(byRef(FAILED_RUN));
    expect(row).not.toHaveProperty('steps');
    expect(row).not.toHaveProperty('cachedSteps');
    expect(renderHistory([row])).toMatch(/failed {2}- {6}- {7}Dockerfile/);
  });

  test('a build still running has no duration', () => {
    const running = { ...byRef(MULTI_PLATFORM) };
    delete running.completedAt;
    const row = historyRow(running);
    expect(row.status).toBe('running');
    expect(row).not.toHaveProperty('durationMs');
    expect(row.startedAt).toBe('2026-11-23T07:41:03.567Z');
  });

  test('the target and the Dockerfile name come from the frontend attributes', () => {
    const record = byRef(MULTI_STAGE);
    const targeted = { ...record, frontendAttrs: { ...record.frontendAttrs, target: 'build', filename: 'Dockerfile.prod' } };
    expect(historyRow(targeted)).toMatchObject({ target: 'build', dockerfile: 'Dockerfile.prod' });
    expect(historyRow(record)).not.toHaveProperty('target');
  });

  test('build-arg names and values stay out of the row', () => {
    const record = byRef(MULTI_STAGE);
    expect(Object.keys(record.frontendAttrs)).toContain('build-arg:GREETING');
    const text = JSON.stringify(historyRow(record));
    expect(text).not.toContain('GREETING');
    expect(text).not.toContain('REDACTED');
  });
});

// What runHistory printed on stdout, and its exit code.
async function history$(opts: Parameters<typeof runHistory>[0]): Promise<{ code: number; out: string }> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  });
  const code = await runHistory(opts);
  vi.mocked(process.stdout.write).mockRestore();
  return { code, out };
}

function oneNode(records: HistoryRecord[]): void {
  builderStub.resolved = { name: 'default', driver: 'docker', nodes: [{ name: 'default', endpoint: 'default', transport: { description: 'x', dial: () => Promise.reject(new Error('not dialed')) } }] };
  builderStub.perNode = { default: records };
}

describe('runHistory', () => {
  test('--json: one row per build, newest first, without node names on a one-node builder', async () => {
    oneNode(history);
    const { code, out } = await history$({ json: true });
    expect(code).toBe(0);
    const rows = JSON.parse(out) as Array<{ ref: string; node?: string }>;
    expect(rows.map((r) => r.ref)).toEqual([MULTI_PLATFORM, FAILED_RUN, CACHED_REBUILD, MULTI_STAGE]);
    expect(rows.some((r) => 'node' in r)).toBe(false);
  });

  test('--limit keeps the newest', async () => {
    oneNode(history);
    const rows = JSON.parse((await history$({ json: true, limit: 2 })).out) as Array<{ ref: string }>;
    expect(rows.map((r) => r.ref)).toEqual([MULTI_PLATFORM, FAILED_RUN]);
  });

  test('a builder with several nodes: every node asked, rows merged newest first, each naming its node', async () => {
    const node = (name: string) => ({ name, endpoint: 'unix:///var/run/docker.sock', transport: { description: name, dial: () => Promise.reject(new Error('not dialed')) } });
    builderStub.resolved = { name: 'multi', driver: 'docker-container', nodes: [node('multi0'), node('multi1')] };
    builderStub.perNode = { multi0: [byRef(FAILED_RUN), byRef(MULTI_STAGE)], multi1: [byRef(MULTI_PLATFORM), byRef(CACHED_REBUILD)] };
    const rows = JSON.parse((await history$({ json: true, builder: 'multi' })).out) as Array<{ ref: string; node?: string }>;
    expect(rows.map((r) => [r.ref, r.node])).toEqual([[MULTI_PLATFORM, 'multi1'], [FAILED_RUN, 'multi0'], [CACHED_REBUILD, 'multi1'], [MULTI_STAGE, 'multi0']]);
    expect(builderStub.asked).toEqual([{ builder: 'multi' }]);
  });

  test('the table: a header, one aligned line per build, times to the second', async () => {
    oneNode([byRef(FAILED_RUN), byRef(CACHED_REBUILD)]);
    const { out } = await history$({});
    expect(out.split('\n')).toEqual([
      'REF                        STARTED               DURATION  STATUS   STEPS  CACHED  DOCKERFILE  TARGET',
      `${FAILED_RUN}  2026-11-23 07:41:02Z  492ms     failed   2      0       Dockerfile`,
      `${CACHED_REBUILD}  2026-11-23 07:41:02Z  108ms     success  9      9       Dockerfile`,
      '',
    ]);
    expect(builderStub.asked).toEqual([{}]);
  });

  test('a node that cannot be reached is named on stderr, and the other nodes are listed', async () => {
    const node = (name: string) => ({ name, endpoint: name, transport: { description: name, dial: () => Promise.reject(new Error('not dialed')) } });
    builderStub.resolved = { name: 'multi', driver: 'remote', nodes: [node('multi0'), node('multi1')] };
    builderStub.perNode = { multi0: [byRef(FAILED_RUN)] };
    const unreachable = new Error('connection refused (tried unix:///run/multi1.sock)');
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err += chunk.toString();
      return true;
    });
    builderStub.broken = { multi1: unreachable };
    const { code, out } = await history$({ builder: 'multi' });
    expect(code).toBe(0);
    expect(err).toBe('buildlens: node multi1 could not be reached (connection refused (tried unix:///run/multi1.sock)): its builds are not listed\n');
    expect(out.split('\n').slice(0, 2)).toEqual([
      'REF                        NODE    STARTED               DURATION  STATUS  STEPS  CACHED  DOCKERFILE  TARGET',
      `${FAILED_RUN}  multi0  2026-11-23 07:41:02Z  492ms     failed  2      0       Dockerfile`,
    ]);
  });

  test('an empty history says so', async () => {
    oneNode([]);
    expect((await history$({})).out).toBe('no builds in this builder\'s history\n');
  });
});
