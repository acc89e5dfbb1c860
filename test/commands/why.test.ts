import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { BuilderSession } from '../../src/builder/connect.js';
import type { BuilderNodes } from '../../src/builder/nodes.js';
import { runWhy } from '../../src/commands/why.js';
import { NotFoundError } from '../../src/core/errors.js';
import { exportPath, refOf } from '../record-file/support.js';
import { recordedClient, sessionNodes } from '../support/recorded-history.js';

// `buildlens why` on the recorded builds (test/fixtures): the builder's
// connection is stood in for by a client serving their records, logs and
// provenance, as a builder's history would.

const connection = vi.hoisted(() => ({ asked: [] as unknown[], session: undefined as BuilderSession | undefined }));
vi.mock(import('../../src/builder/nodes.js'), async (original) => ({
  ...(await original()),
  withNodes: async <T>(opts: { builder?: string | undefined }, fn: (nodes: BuilderNodes) => Promise<T>): Promise<T> => {
    connection.asked.push(opts.builder ? { builder: opts.builder } : {});
    if (!connection.session) throw new Error('no session set up');
    return fn(sessionNodes(connection.session));
  },
}));

const MULTI_STAGE = 'kmtiwjk6m5carj1pj241zi4yr';
const CACHED_REBUILD = 'z92kx2ckvoo1hec56fi840r8c';

let dir: string;
let out: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'buildlens-why-'));
  // No state from earlier runs, no analysis cache, no local content store.
  vi.stubEnv('BUILDLENS_STATE_DIR', join(dir, 'state'));
  vi.stubEnv('BUILDLENS_CACHE_DIR', join(dir, 'cache'));
  vi.stubEnv('BUILDLENS_CONTENT_DIR', '');
  connection.session = { builder: { name: 'ci', driver: 'docker', nodes: [] }, node: 'default', client: await recordedClient() };
  connection.asked = [];
  out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

// The NotFoundError (exit 4, one line) `why` gives.
async function notFound(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(NotFoundError);
  expect((error as NotFoundError).exitCode).toBe(1);
  expect((error as Error).message).not.toContain('\n');
  return (error as Error).message;
}

describe('runWhy', () => {
  test('an unknown ref names it and the builder, and prints nothing', async () => {
    expect(await notFound(runWhy({ ref: 'nosuchref', builder: 'ci' }))).toBe('no build "nosuchref" in the history of builder "ci" (`buildlens history` lists them)');
    expect(connection.asked).toEqual([{ builder: 'ci' }]);
    expect(out).toBe('');
  });

  test('an unknown --compare ref names it as the one to compare with', async () => {
    expect(await notFound(runWhy({ ref: 'last', compare: 'nosuchref' }))).toBe('no build "nosuchref" to compare with in the history of builder "ci"');
    expect(connection.asked).toEqual([{}]);
    expect(out).toBe('');
  });

  test('a build compared with one of the same Dockerfile: the step that missed first, and what re-ran after it', async () => {
    // The multi-stage build changed package.json (a fresh nonce) and set GREETING, which only the last stage declares.
    expect(await runWhy({ ref: MULTI_STAGE, compare: CACHED_REBUILD })).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toBe(`build ${MULTI_STAGE} compared with ${CACHED_REBUILD}: 7/9 steps cached`);
    // The COPY was defined alike in both (the provenance says so) and its parent was cached: the files it copies
    // changed. Which ones is not recorded (the builds were not run through buildlens).
    expect(lines[1]).toMatch(
      /^\* line 3 +COPY package\.json \.\/ +context-files-changed: files it copies changed \(which ones: not recorded for both builds\) \(74ms\)$/,
    );
    expect(lines[2]).toMatch(/^ {2}line 4 +RUN echo installing > deps\.txt +parent-missed: re-ran because line 3 missed \(206ms\)$/);
    expect(lines[3]).toBe('re-running steps that were cached before cost 280ms');
    // A COPY in a stage that declares no ARG cannot have inherited GREETING.
    expect(lines[1]).not.toContain('GREETING');
  });

  test('--json: the same misses as data, and build-arg values never shown', async () => {
    await runWhy({ ref: MULTI_STAGE, compare: CACHED_REBUILD, json: true });
    const why = JSON.parse(out) as { ref: string; compareRef: string; cache: unknown; cacheMisses: Array<{ line: number; cause: string; root: boolean }> };
    expect(why).toMatchObject({ ref: MULTI_STAGE, compareRef: CACHED_REBUILD, cache: { steps: 9, cached: 7 } });
    expect(why.cacheMisses.map((m) => [m.line, m.root])).toEqual([[3, true], [4, false]]);
    expect(why.cacheMisses.map((m) => m.cause)).toEqual(['context-files-changed', 'parent-missed']);
    expect(out).not.toContain('recorded-secret-value');
  });

  test('a fully cached rebuild has no misses to explain', async () => {
    await runWhy({ ref: CACHED_REBUILD, compare: MULTI_STAGE });
    expect(out).toBe(`build ${CACHED_REBUILD} compared with ${MULTI_STAGE}: 9/9 steps cached\nno cache misses\n`);
  });

  test('two exported records compare with no builder: the COPY of the edited sources first, the RUN after it re-ran', async () => {
    await runWhy({ ref: exportPath('edit-after.dockerbuild'), compare: exportPath('edit-before.dockerbuild'), json: true });
    const why = JSON.parse(out) as { ref: string; compareRef: string; cacheMisses: Array<{ line: number; cause: string; root: boolean }> };
    expect(why).toMatchObject({ ref: refOf('edit-after'), compareRef: refOf('edit-before') });
    expect(why.cacheMisses.map((m) => [m.line, m.cause, m.root])).toEqual([
      [9, 'context-files-changed', true],
      [11, 'parent-missed', false],
    ]);
    expect(connection.asked).toEqual([]);
  });

  test('a file of several records compares the one named with the earlier one in the same file', async () => {
    await runWhy({ ref: `${exportPath('edit-both.dockerbuild')}#${refOf('edit-after')}`, json: true });
    expect(JSON.parse(out)).toMatchObject({ ref: refOf('edit-after'), compareRef: refOf('edit-before') });
    expect(connection.asked).toEqual([]);
  });

  test('a file of one record and no --compare: how to name the build to compare with', async () => {
    const file = exportPath('edit-after.dockerbuild');
    await runWhy({ ref: file });
    expect(out).toBe(
      `build ${refOf('edit-after')}: 4/6 steps cached\n${file} holds no earlier build of this Dockerfile: name one with \`buildlens why ${file} --compare SOURCE\`\n`,
    );
    expect(connection.asked).toEqual([]);
  });
});
