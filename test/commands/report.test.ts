import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { BuilderSession } from '../../src/builder/connect.js';
import type { BuilderNodes } from '../../src/builder/nodes.js';
import { runReport } from '../../src/commands/report.js';
import { NotFoundError } from '../../src/core/errors.js';
import { writeReportFiles } from '../../src/render/report-dir.js';
import { exportPath, liveReport, refOf } from '../record-file/support.js';
import { recordedClient, sessionNodes } from '../support/recorded-history.js';

// `buildlens report` on the recorded builds (test/fixtures), through a client
// serving their records, logs and provenance as the builder's history would.

const connection = vi.hoisted(() => ({ asked: [] as unknown[], session: undefined as BuilderSession | undefined }));
vi.mock(import('../../src/builder/nodes.js'), async (original) => ({
  ...(await original()),
  withNodes: async <T>(opts: { builder?: string | undefined }, fn: (nodes: BuilderNodes) => Promise<T>): Promise<T> => {
    connection.asked.push(opts.builder ? { builder: opts.builder } : {});
    if (!connection.session) throw new Error('no session set up');
    return fn(sessionNodes(connection.session));
  },
}));

const FAILED_RUN = 'm8hymovk3jnhtcezz3bbm37jc';

let dir: string;
let out: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'buildlens-report-cmd-'));
  vi.stubEnv('BUILDLENS_STATE_DIR', join(dir, 'state'));
  vi.stubEnv('BUILDLENS_CACHE_DIR', join(dir, 'cache'));
  vi.stubEnv('BUILDLENS_CONTENT_DIR', '');
  vi.stubEnv('GITHUB_ACTIONS', '');
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

describe('runReport', () => {
  test('an unknown ref is a NotFoundError naming it and the builder, and nothing is written', async () => {
    const reportDir = join(dir, 'out');
    const error = await runReport({ ref: 'nosuchref', builder: 'ci', reportDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe('no build "nosuchref" in the history of builder "ci" (`buildlens history` lists them)');
    expect(connection.asked).toEqual([{ builder: 'ci' }]);
    expect(out).toBe('');
    expect(await readdir(dir)).not.toContain('out');
  });

  test('--json on a failed build: its status, exit and the failing lines, as the report file has it', async () => {
    const reportDir = join(dir, 'out');
    expect(await runReport({ ref: FAILED_RUN, json: true, reportDir })).toBe(0);
    const printed = JSON.parse(out) as { build: { ref: string; status: string; error?: { line?: number; endLine?: number; message: string } } };
    expect(printed.build).toMatchObject({ ref: FAILED_RUN, status: 'failed', builder: 'ci' });
    // RUN echo "about to fail" && exit 7, lines 3-4 of the recorded Dockerfile.
    expect(printed.build.error).toMatchObject({ line: 3, endLine: 4 });
    expect(printed.build.error?.message).toContain('exit code: 7');
    expect(JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8'))).toEqual(printed);
  });

  test('`last` reports the newest finished build', async () => {
    await runReport({ ref: 'last', json: true });
    expect((JSON.parse(out) as { build: { ref: string } }).build.ref).toBe('pyks2c6y3cvt2tzl6hk4wp2i0');
  });

  test('a .dockerbuild and a report directory are read with no builder', async () => {
    await runReport({ ref: `${exportPath('edit-both.dockerbuild')}#${refOf('edit-before')}`, json: true });
    const fromFile = JSON.parse(out) as { build: { ref: string }; source: { kind: string } };
    expect(fromFile.build.ref).toBe(refOf('edit-before'));
    expect(fromFile.source).toEqual({ kind: 'record-file' });
    out = '';
    const written = join(dir, 'written');
    await writeReportFiles(written, liveReport('edit-after'), ['json']);
    await runReport({ ref: written, json: true });
    expect(JSON.parse(out)).toMatchObject({ build: { ref: refOf('edit-after') }, source: { kind: 'report' } });
    expect(connection.asked).toEqual([]);
  });
});
