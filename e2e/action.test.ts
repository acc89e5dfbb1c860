import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, test } from 'vitest';
import { forgetRecord, makeContext, readReport } from './support/index.js';

// The action's build step (scripts/github-action.sh build) as a runner would
// run it, against the real engine: the user's arguments split as a shell
// would, the report directory and the job summary written, the exit code
// handed on as a step output, and the previous run's report as the baseline.

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'e2e-action-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let runs = 0;
async function buildStep(env: Record<string, string>) {
  const runner = join(work, `runner-${++runs}`);
  mkdirSync(runner);
  const files = { output: join(runner, 'output'), summary: join(runner, 'summary.md') };
  const result = await execa('bash', [join(root, 'scripts', 'github-action.sh'), 'build'], {
    reject: false,
    cwd: runner,
    env: {
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      RUNNER_TEMP: runner,
      BUILDLENS_STATE_DIR: join(work, 'state'),
      INPUT_REPORT_FORMATS: 'md,sarif',
      ...env,
    },
  });
  const outputs = Object.fromEntries(
    readFileSync(files.output, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const summary = existsSync(files.summary) ? readFileSync(files.summary, 'utf8') : '';
  return { ...result, outputs, summary, reportDir: join(runner, outputs['report-dir'] ?? 'missing') };
}

describe('github-action.sh build', () => {
  test('a build, then the next run against its report: the summary, the artifact directory and the edited file named', async () => {
    // Contents never built before: no step is served from an earlier test's cache.
    const nonce = `${Date.now()}-${Math.random()}`;
    const context = makeContext({
      Dockerfile: `FROM buildlens-fixture/busybox:1\nARG NOTE\nCOPY src /src\nRUN echo "$NOTE" > /note && cat /src/*.js > /bundle.js\n`,
      'src/app.js': `export const v = 1; // ${nonce}\n`,
    });
    const args = `--build-arg "NOTE=two words" --label 'org.example.note=a b'`;
    const first = await buildStep({ INPUT_CONTEXT: context, INPUT_ARGS: args, INPUT_REPORT_DIR: 'out' });
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.outputs).toEqual({ 'exit-code': '0', 'report-dir': 'out' });
    const report = readReport(first.reportDir);
    expect(report.build.status).toBe('success');
    expect(first.summary).toMatch(/^## ✅ buildlens: /);
    for (const file of ['report.json', 'report.md', 'report.sarif', 'cache-inputs.json'])
      expect(existsSync(join(first.reportDir, file))).toBe(true);
    // The quoted build arg reached buildx whole: one arg named NOTE, its value never written.
    const inputs = readFileSync(join(first.reportDir, 'cache-inputs.json'), 'utf8');
    expect(Object.keys(JSON.parse(inputs).buildArgs)).toEqual(['NOTE']);
    expect(inputs).not.toContain('two words');

    // The next run: a fresh builder history, the previous report restored as the baseline.
    await forgetRecord(report.build.ref);
    writeFileSync(join(context, 'src/app.js'), `export const v = 2; // ${nonce}\n`);
    const second = await buildStep({
      INPUT_CONTEXT: context,
      INPUT_ARGS: args,
      INPUT_BUILDLENS_ARGS: '--max-growth 50%',
      INPUT_REPORT_DIR: 'out',
      BASELINE: first.reportDir,
    });
    expect(second.outputs['exit-code'], second.stderr).toBe('0');
    const next = readReport(second.reportDir);
    expect(next.compareRef).toBe(report.build.ref);
    expect(next.cacheMisses[0]).toMatchObject({ line: 3, cause: 'context-files-changed', details: { modified: ['src/app.js'] } });
    expect(second.summary).toContain(`### Cache misses (against \`${report.build.ref}\`)`);
  });

  test("a failing build: its exit code is the step's output, the step itself succeeds so the report is uploaded", async () => {
    const context = makeContext({ Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN echo failing ${Date.now()} && exit 3\n` });
    const failed = await buildStep({ INPUT_CONTEXT: context, INPUT_REPORT_DIR: 'failed' });
    expect(failed.exitCode).toBe(0);
    expect(failed.outputs['exit-code']).toBe('1');
    expect(readReport(failed.reportDir).build).toMatchObject({ status: 'failed', error: { line: 2 } });
    expect(failed.summary).toMatch(/^## ❌ buildlens: /);
  });

  test('an argument with an unterminated quote builds nothing: exit code 2, and the summary says no report was made', async () => {
    const result = await buildStep({
      INPUT_CONTEXT: makeContext({ Dockerfile: 'FROM buildlens-fixture/busybox:1\n' }),
      INPUT_ARGS: '--tag "oops',
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['exit-code']).toBe('2');
    expect(result.stderr).toContain('unterminated " quote in: --tag "oops');
    expect(result.summary).toBe('### buildlens\n\nNo report was made (exit code 2); the step log says why.\n');
  });
});
