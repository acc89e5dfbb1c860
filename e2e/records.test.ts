import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exportRecord, makeContext, readReport, runCli, type CliResult } from './support/index.js';

// Builds that outlive their builder, as in CI: two builds of one project with
// a source edit between them, each kept as the two artifacts a CI run leaves
// (a `.dockerbuild` from `docker buildx history export`, and buildlens's
// report directory). Then `report` and `why --compare` read them back with
// no engine reachable at all (DOCKER_HOST pointing nowhere).

const work = mkdtempSync(join(tmpdir(), 'e2e-records-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const DOCKERFILE = `FROM buildlens-fixture/busybox:1
WORKDIR /app
COPY package.json ./
RUN echo installing > deps.txt
COPY src ./src
RUN cat src/*.js > bundle.js
`;

// Nothing to reach: every command below must work from the files alone.
const NO_ENGINE = { DOCKER_HOST: 'unix:///nonexistent/docker.sock', BUILDLENS_CONTENT_DIR: '' };
const state = join(work, 'state');
const dirs = { before: join(work, 'run-1'), after: join(work, 'run-2') };
const files = { before: join(work, 'run-1.dockerbuild'), after: join(work, 'run-2.dockerbuild') };
let live: { before: any; after: any };

async function build(context: string, reportDir: string, extra: string[] = []): Promise<string> {
  const result = await runCli(['build', '--report-dir', reportDir, ...extra, context], { env: { BUILDLENS_STATE_DIR: state } });
  expect(result.exitCode, result.stderr).toBe(0);
  return readReport(reportDir).build.ref as string;
}

function json(result: CliResult): any {
  expect(result.exitCode, result.stderr).toBe(0);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}

beforeAll(async () => {
  const context = makeContext({
    Dockerfile: DOCKERFILE,
    'package.json': `{"name":"records","nonce":"${Date.now()}-${Math.random()}"}\n`,
    'src/app.js': 'export const version = 1;\n',
    'src/util.js': 'export const util = true;\n',
  });
  const before = await build(context, dirs.before);
  writeFileSync(join(context, 'src/app.js'), 'export const version = 2;\n');
  const after = await build(context, dirs.after);
  live = {
    before: json(await runCli(['report', before, '--json'], { env: { BUILDLENS_STATE_DIR: state } })),
    after: json(await runCli(['report', after, '--json'], { env: { BUILDLENS_STATE_DIR: state } })),
  };
  await exportRecord(before, files.before);
  await exportRecord(after, files.after);
});

// What must agree between a live report and one read from a file.
const stepsOf = (report: any) => report.steps.map((s: any) => [s.line, s.endLine, s.instruction, s.cached]);

describe('records read back with no engine reachable', () => {
  test('report FILE.dockerbuild: the steps, lines and cached flags `report REF` gave live, and one note on layer contents', async () => {
    const report = json(await runCli(['report', files.after, '--json'], { env: NO_ENGINE }));
    expect(report.source).toEqual({ kind: 'record-file' });
    expect(report.build.ref).toBe(live.after.build.ref);
    expect(stepsOf(report)).toEqual(stepsOf(live.after));
    expect(report.stages.map((s: any) => s.name)).toEqual(live.after.stages.map((s: any) => s.name));
    expect(report.notes.filter((n: any) => /layer contents/.test(n.message))).toHaveLength(1);
  });

  test('with the engine here holding the layers (its content store, or the builder over its content API), they are analysed as live', async () => {
    const layersOf = (report: any) => report.image.layers.map((l: any) => [l.digest, l.size, l.files, l.wastedBytes]);
    expect(live.after.image.layers.every((l: any) => typeof l.files === 'number')).toBe(true);
    // A fresh analysis cache each time, so the layers are read, not remembered.
    const runs = [{}, { BUILDLENS_CONTENT_DIR: '' }].map((env, i) => ({
      ...env,
      BUILDLENS_STATE_DIR: state,
      BUILDLENS_CACHE_DIR: join(work, `cache-${i}`),
    }));
    for (const env of runs) {
      const report = json(await runCli(['report', files.after, '--json'], { env }));
      expect(layersOf(report)).toEqual(layersOf(live.after));
      expect(report.image.efficiency).toBe(live.after.image.efficiency);
      expect(report.notes.filter((n: any) => /layer contents/.test(n.message))).toEqual([]);
    }
  });

  test('why NEW.dockerbuild --compare OLD.dockerbuild: the COPY of src missed first (context changed), the RUN after it re-ran', async () => {
    const why = json(await runCli(['why', files.after, '--compare', files.before, '--json'], { env: NO_ENGINE }));
    expect(why.compareRef).toBe(live.before.build.ref);
    expect(why.cacheMisses.map((m: any) => [m.line, m.cause, m.root])).toEqual([
      [5, 'context-files-changed', true],
      [6, 'parent-missed', false],
    ]);
    const text = await runCli(['why', files.after, '--compare', files.before], { env: NO_ENGINE });
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^\* line 5 +COPY src \.\/src +context-files-changed: /m);
  });

  test('why NEW-DIR --compare OLD-DIR also names the edited file', async () => {
    const why = json(await runCli(['why', dirs.after, '--compare', join(dirs.before, 'report.json'), '--json'], { env: NO_ENGINE }));
    expect(why.compareRef).toBe(live.before.build.ref);
    expect(why.cacheMisses[0]).toMatchObject({
      line: 5,
      cause: 'context-files-changed',
      root: true,
      details: { modified: ['src/app.js'] },
    });
    expect(why.cacheMisses.slice(1).map((m: any) => [m.line, m.cause])).toEqual([[6, 'parent-missed']]);
    const text = await runCli(['why', dirs.after, '--compare', dirs.before], { env: NO_ENGINE });
    expect(text.stdout).toMatch(/line 5 .*src\/app\.js \(modified\)/);
  });

  test('diff OLD.dockerbuild NEW-DIR: a record and a report directory are the two sides, with or without an engine', async () => {
    for (const env of [{ BUILDLENS_STATE_DIR: state }, NO_ENGINE]) {
      const diff = json(await runCli(['diff', files.before, dirs.after, '--json'], { env }));
      expect([diff.a.kind, diff.b.kind]).toEqual(['record-file', 'report']);
      expect(diff.rows.find((r: any) => r.instruction === 'COPY src ./src')?.b.line).toBe(5);
    }
  });

  test('a build arg set differently is named, never its value', async () => {
    const context = makeContext({
      Dockerfile: `FROM buildlens-fixture/busybox:1\nARG FLAVOR=plain\nRUN echo "$FLAVOR ${Date.now()}" > /flavor\n`,
    });
    const first = await build(context, join(work, 'args-1'), ['--build-arg', 'FLAVOR=first-value-123']);
    const second = await build(context, join(work, 'args-2'), ['--build-arg', 'FLAVOR=second-value-456']);
    await exportRecord(first, join(work, 'args-1.dockerbuild'));
    await exportRecord(second, join(work, 'args-2.dockerbuild'));
    const args = ['why', join(work, 'args-2.dockerbuild'), '--compare', join(work, 'args-1.dockerbuild')];
    const why = json(await runCli([...args, '--json'], { env: NO_ENGINE }));
    expect(why.cacheMisses).toEqual([
      expect.objectContaining({ line: 3, cause: 'build-arg-changed', details: { args: ['FLAVOR'] }, root: true }),
    ]);
    const text = await runCli(args, { env: NO_ENGINE });
    expect(`${text.stdout}${text.stderr}${JSON.stringify(why)}`).not.toMatch(/first-value-123|second-value-456/);
    expect(text.stdout).toMatch(/build arg FLAVOR changed/);
  });

  test('a base image rebuilt under the same tag: the FROM line, with both digests', async () => {
    const tag = `buildlens-test/records-base:${Date.now().toString(36)}`;
    // Contents never built before, so nothing after the FROM is in the cache already.
    const nonce = `${Date.now()}-${Math.random()}`;
    const base = makeContext({ Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN echo one ${nonce} > /base.txt\n` });
    await execa('docker', ['buildx', 'build', '--load', '-t', tag, base]);
    try {
      const context = makeContext({ Dockerfile: `FROM ${tag}\nRUN cat /base.txt > /copy.txt\n` });
      const first = await build(context, join(work, 'base-1'));
      writeFileSync(join(base, 'Dockerfile'), `FROM buildlens-fixture/busybox:1\nRUN echo two ${nonce} > /base.txt\n`);
      await execa('docker', ['buildx', 'build', '--load', '-t', tag, base]);
      const second = await build(context, join(work, 'base-2'));
      await exportRecord(first, join(work, 'base-1.dockerbuild'));
      await exportRecord(second, join(work, 'base-2.dockerbuild'));
      const why = json(
        await runCli(['why', join(work, 'base-2.dockerbuild'), '--compare', join(work, 'base-1.dockerbuild'), '--json'], {
          env: NO_ENGINE,
        }),
      );
      expect(why.cacheMisses[0]).toMatchObject({ line: 1, cause: 'base-image-changed', root: true });
      expect(why.cacheMisses[0].details.previous).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(why.cacheMisses[0].details.current).not.toBe(why.cacheMisses[0].details.previous);
      expect(why.cacheMisses.slice(1).map((m: any) => m.cause)).toEqual(['parent-missed']);
    } finally {
      await execa('docker', ['image', 'rm', tag], { reject: false });
    }
  });
});
