import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { openStateStore, type BuildRecord, type StateStore } from '../../src/build-records/index.js';
import type { HistoryRecord } from '../../src/buildkit/types.js';
import { NotFoundError } from '../../src/core/errors.js';
import { resolveHistoryRef } from '../../src/pipeline/history-ref.js';
import { listingNodes, recordedHistory } from '../support/recorded-history.js';

// `report REF|last` and `why REF|last` pick their build from the builder's
// history: here the records of the recorded builds (test/fixtures).

let history: HistoryRecord[];
beforeAll(async () => {
  history = await recordedHistory();
});

// The NotFoundError (exit 1, one line) resolving `ref` gives.
async function notFound(records: HistoryRecord[], ref: string, builder = 'default'): Promise<string> {
  const error = await resolveHistoryRef(listingNodes({ [builder]: records }, builder), ref).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NotFoundError);
  expect((error as NotFoundError).exitCode).toBe(1);
  expect((error as Error).message).not.toContain('\n');
  return (error as Error).message;
}

describe('resolveHistoryRef', () => {
  test('`last` is the newest finished build', async () => {
    // multi-platform was recorded last.
    expect((await resolveHistoryRef(listingNodes({ default: history }), 'last')).ref).toBe('pyks2c6y3cvt2tzl6hk4wp2i0');
  });

  test('`last` skips a build still running, and may be a failed one', async () => {
    const [newest, ...rest] = history;
    const running = { ...newest! };
    delete running.completedAt;
    // The next newest is the failed RUN (exit 7).
    expect(rest[0]?.error).toBeDefined();
    expect((await resolveHistoryRef(listingNodes({ default: [running, ...rest] }), 'last')).ref).toBe('m8hymovk3jnhtcezz3bbm37jc');
  });

  test('a ref in the history is taken as it is', async () => {
    for (const record of history) expect((await resolveHistoryRef(listingNodes({ default: history }), record.ref)).ref).toBe(record.ref);
  });

  test('a ref not in the history names it and the builder, and how to list builds', async () => {
    expect(await notFound(history, 'qwqz3nqwqyq4zq6zq4zq6zq4z', 'ci')).toBe('no build "qwqz3nqwqyq4zq6zq4zq6zq4z" in the history of builder "ci" (`buildlens history` lists them)');
  });

  test('a ref is matched whole, not by prefix', async () => {
    expect(await notFound(history, 'pyks2c6y')).toMatch(/^no build "pyks2c6y"/);
  });

  test('`last` in an empty history, or one with only a running build, says so', async () => {
    expect(await notFound([], 'last', 'ci')).toBe('builder "ci" has no finished builds in its history');
    const running = { ...history[0]! };
    delete running.completedAt;
    expect(await notFound([running], 'last')).toBe('builder "default" has no finished builds in its history');
  });
});

// The refs of the recorded builds (test/fixtures), oldest first: multi-stage, cached-rebuild, failed-run, multi-platform.
const MULTI_STAGE = 'kmtiwjk6m5carj1pj241zi4yr';
const CACHED_REBUILD = 'z92kx2ckvoo1hec56fi840r8c';
const FAILED_RUN = 'm8hymovk3jnhtcezz3bbm37jc';
const NEWEST = 'pyks2c6y3cvt2tzl6hk4wp2i0';

const stateDirs: string[] = [];
afterEach(async () => {
  await Promise.all(stateDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

// A state store holding buildlens's records of these builds (what `buildlens build` writes).
async function storeWith(...builds: Array<Partial<BuildRecord> & { ref: string }>): Promise<StateStore> {
  const dir = await mkdtemp(join(tmpdir(), 'buildlens-state-'));
  stateDirs.push(dir);
  const store = await openStateStore(dir);
  for (const build of builds) {
    await store.recordBuild({
      builder: 'default',
      dockerfile: '/work/app/Dockerfile',
      contextDir: '/work/app',
      platforms: [],
      startedAt: history.find((r) => r.ref === build.ref)?.createdAt?.toISOString() ?? '2026-11-23T07:41:00.000Z',
      buildArgs: {},
      noCache: false,
      noCacheFilter: [],
      ...build,
    });
  }
  return store;
}

describe('`last` on a shared builder', () => {
  test("is this directory's newest build that buildlens ran, not the builder's newest, and says so", async () => {
    const store = await storeWith({ ref: MULTI_STAGE });
    const resolved = await resolveHistoryRef(listingNodes({ default: history }), 'last', { store, dir: '/work/app' });
    expect(resolved.ref).toBe(MULTI_STAGE);
    expect(resolved.chosen).toMatch(new RegExp(`^last: ${MULTI_STAGE}, this directory's newest build \\(Dockerfile, started \\d+[smhd] ago\\)$`));
  });

  test('of several builds of this directory, the one started last is taken', async () => {
    const store = await storeWith({ ref: CACHED_REBUILD }, { ref: MULTI_STAGE });
    expect((await resolveHistoryRef(listingNodes({ default: history }), 'last', { store, dir: '/work/app' })).ref).toBe(CACHED_REBUILD);
  });

  test("a build whose Dockerfile is in this directory counts, and the line names the Dockerfile from here", async () => {
    const store = await storeWith({ ref: MULTI_STAGE, dockerfile: '/work/app/docker/api.Dockerfile', contextDir: '/work/app' });
    const fromContext = await resolveHistoryRef(listingNodes({ default: history }), 'last', { store, dir: '/work/app' });
    expect(fromContext.chosen).toContain("this directory's newest build (docker/api.Dockerfile, ");
    const fromDockerfileDir = await resolveHistoryRef(listingNodes({ default: history }), 'last', { store, dir: '/work/app/docker' });
    expect(fromDockerfileDir.ref).toBe(MULTI_STAGE);
    expect(fromDockerfileDir.chosen).toContain('(api.Dockerfile, ');
  });

  test("builds of another directory or on another builder do not count: the builder's newest is taken, and the line says why", async () => {
    const store = await storeWith({ ref: MULTI_STAGE, contextDir: '/work/other', dockerfile: '/work/other/Dockerfile' }, { ref: CACHED_REBUILD, builder: 'ci' });
    const resolved = await resolveHistoryRef(listingNodes({ default: history }), 'last', { store, dir: '/work/app' });
    expect(resolved).toMatchObject({ ref: NEWEST, chosen: `last: ${NEWEST}, the builder's newest build; none recorded for this directory` });
  });

  test("this directory's build that the builder no longer keeps, or that is still running, gives way", async () => {
    const store = await storeWith({ ref: 'gone0000000000000000000000', startedAt: '2026-12-01T00:00:00.000Z' });
    const gone = await resolveHistoryRef(listingNodes({ default: history }), 'last', { store, dir: '/work/app' });
    expect(gone).toMatchObject({ ref: NEWEST, chosen: `last: ${NEWEST}, the builder's newest build; this directory's build is no longer in the builder's history` });
    // The failed run (newer than multi-stage) is still running here.
    const running = history.map((r) => {
      if (r.ref !== FAILED_RUN) return r;
      const copy = { ...r };
      delete copy.completedAt;
      return copy;
    });
    const older = await storeWith({ ref: MULTI_STAGE }, { ref: FAILED_RUN });
    expect((await resolveHistoryRef(listingNodes({ default: running }), 'last', { store: older, dir: '/work/app' })).ref).toBe(MULTI_STAGE);
  });

  test("without buildlens's records the builder's newest is taken, saying the records could not be read", async () => {
    const resolved = await resolveHistoryRef(listingNodes({ default: history }), 'last', { dir: '/work/app' });
    expect(resolved).toMatchObject({ ref: NEWEST, chosen: `last: ${NEWEST}, the builder's newest build; buildlens's records of its builds could not be read` });
  });
});
