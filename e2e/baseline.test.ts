import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { exportRecord, forgetRecord, makeContext, readReport, runCli } from './support/index.js';

// `build --baseline PREV` as CI uses it: the builder of this run never saw the
// previous one (its record is removed from the history, as on a fresh runner),
// and the previous run's artifact (its report directory, or its .dockerbuild)
// is what the cache misses are explained against.

const work = mkdtempSync(join(tmpdir(), 'e2e-baseline-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// A step no other test builds: no other build in the history is this project's.
const nonce = `${Date.now()}-${Math.random()}`;
const DOCKERFILE = `FROM buildlens-fixture/busybox:1
WORKDIR /app
COPY package.json ./
RUN echo installing ${nonce} > deps.txt
COPY src ./src
RUN cat src/*.js > bundle.js
`;
const state = join(work, 'state');

async function build(context: string, reportDir: string, extra: string[] = []): Promise<any> {
  const result = await runCli(['build', '--report-dir', reportDir, ...extra, context], { env: { BUILDLENS_STATE_DIR: state } });
  expect(result.exitCode, result.stderr).toBe(0);
  return readReport(reportDir);
}

describe('build --baseline PREV when the builder has no earlier build', () => {
  test('against a report directory the edited file is named; against a .dockerbuild the COPY is the first miss', async () => {
    const context = makeContext({
      Dockerfile: DOCKERFILE,
      'package.json': '{"name":"baseline"}\n',
      'src/app.js': 'export const version = 1;\n',
    });
    const first = await build(context, join(work, 'run-1'));
    await exportRecord(first.build.ref, join(work, 'run-1.dockerbuild'));
    await forgetRecord(first.build.ref);

    writeFileSync(join(context, 'src/app.js'), 'export const version = 2;\n');
    const second = await build(context, join(work, 'run-2'), ['--baseline', join(work, 'run-1')]);
    expect(second.compareRef).toBe(first.build.ref);
    expect(second.cacheMisses[0]).toMatchObject({
      line: 5,
      cause: 'context-files-changed',
      root: true,
      details: { modified: ['src/app.js'] },
    });
    expect(second.cacheMisses.slice(1).map((m: any) => [m.line, m.cause])).toEqual([[6, 'parent-missed']]);
    await forgetRecord(second.build.ref);

    writeFileSync(join(context, 'src/app.js'), 'export const version = 3;\n');
    const third = await build(context, join(work, 'run-3'), ['--baseline', join(work, 'run-1.dockerbuild'), '--max-growth', '50%']);
    expect(third.compareRef).toBe(first.build.ref);
    expect(third.cacheMisses.map((m: any) => [m.line, m.cause, m.root])).toEqual([
      [5, 'context-files-changed', true],
      [6, 'parent-missed', false],
    ]);
  });

  test('--max-growth without --baseline stops before buildx runs (exit 2)', async () => {
    const result = await runCli(['build', '--max-growth', '10%', makeContext({ Dockerfile: 'FROM buildlens-fixture/busybox:1\n' })]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      "buildlens: --max-growth needs --baseline PREV (the earlier build's report directory, report.json or .dockerbuild)",
    );
  });
});
