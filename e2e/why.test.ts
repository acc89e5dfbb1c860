import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, test } from 'vitest';
import { cleanupContexts, makeContext, runCli } from './support/cli.js';

afterAll(cleanupContexts);

// Each scenario: build, change one thing, build again, ask `why last`.
const DOCKERFILE = `FROM buildlens-fixture/busybox:1
WORKDIR /app
COPY package.json ./
RUN echo installing > deps.txt
ARG FLAVOR=plain
COPY src ./src
RUN cat src/app.js > out.txt && echo "$FLAVOR" >> out.txt
`;

async function why(extra: string[] = []): Promise<any> {
  const result = await runCli(['why', 'last', '--json', ...extra]);
  expect(result.exitCode, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

function fresh(): string {
  return makeContext({ Dockerfile: DOCKERFILE, 'package.json': `{"n":"${Date.now()}${Math.random()}"}`, 'src/app.js': 'v1' });
}

describe('buildlens why on real rebuilds', () => {
  test('an edited source file: the COPY line is the root naming the file; the step after it re-ran as a result', async () => {
    const context = fresh();
    expect((await runCli(['build', context])).exitCode).toBe(0);
    writeFileSync(join(context, 'src/app.js'), 'v2');
    expect((await runCli(['build', context])).exitCode).toBe(0);
    const result = await why();
    const [root, after] = result.cacheMisses;
    expect(root).toMatchObject({ line: 6, cause: 'context-files-changed', root: true });
    expect(root.details.modified).toEqual(['src/app.js']);
    expect(after).toMatchObject({ line: 7, cause: 'parent-missed', details: { parentLine: 6 } });
    const text = await runCli(['why', 'last']);
    expect(text.stdout).toMatch(/line 6 .*src\/app\.js \(modified\)/);
  });

  test('an edited file a RUN bind-mounts (docker init\'s npm ci): the RUN is the root naming the file', async () => {
    const context = makeContext({
      Dockerfile: `FROM buildlens-fixture/busybox:1
WORKDIR /app
RUN --mount=type=bind,source=package.json,target=package.json \\
    --mount=type=cache,target=/root/.npm \\
    cat package.json > deps.txt
COPY src ./src
`,
      'package.json': `{"n":"${Date.now()}${Math.random()}"}`,
      'src/app.js': 'v1',
    });
    expect((await runCli(['build', context])).exitCode).toBe(0);
    writeFileSync(join(context, 'package.json'), `{"n":"edited ${Date.now()}"}`);
    expect((await runCli(['build', context])).exitCode).toBe(0);
    const [root, after] = (await why()).cacheMisses;
    expect(root).toMatchObject({ line: 3, endLine: 5, cause: 'context-files-changed', root: true });
    expect(root.details).toMatchObject({ sources: ['package.json'], modified: ['package.json'] });
    expect(after).toMatchObject({ line: 6, cause: 'parent-missed', details: { parentLine: 3 } });
  });

  test('a Dockerfile the .dockerignore excludes is not among the files a COPY of the context changed', async () => {
    const dockerfile = `FROM buildlens-fixture/busybox:1\nCOPY . /ctx\nRUN ls -a /ctx > /list.txt\n`;
    const context = makeContext({ Dockerfile: dockerfile, '.dockerignore': 'Dockerfile\n', 'a.txt': `${Date.now()}${Math.random()}` });
    expect((await runCli(['build', context])).exitCode).toBe(0);
    // Both edited; BuildKit copies only a.txt (it reads the Dockerfile apart from the context).
    writeFileSync(join(context, 'a.txt'), `edited ${Date.now()}${Math.random()}`);
    writeFileSync(join(context, 'Dockerfile'), `# a comment\n${dockerfile}`);
    expect((await runCli(['build', context])).exitCode).toBe(0);
    const [root] = (await why()).cacheMisses;
    expect(root).toMatchObject({ line: 3, cause: 'context-files-changed', root: true });
    expect(root.details).toMatchObject({ added: [], removed: [], modified: ['a.txt'] });
  });

  test('a changed build arg is named, never its value', async () => {
    const context = fresh();
    expect((await runCli(['build', '--build-arg', 'FLAVOR=first-value-123', context])).exitCode).toBe(0);
    const second = await runCli(['build', '--build-arg', 'FLAVOR=second-value-456', context]);
    expect(second.exitCode).toBe(0);
    const result = await why();
    expect(result.cacheMisses[0]).toMatchObject({ line: 7, cause: 'build-arg-changed', details: { args: ['FLAVOR'] } });
    const text = (await runCli(['why', 'last'])).stdout + JSON.stringify(result) + second.stdout + second.stderr;
    expect(text).not.toMatch(/first-value-123|second-value-456/);
  });

  test('a changed instruction is reported with both texts', async () => {
    const context = fresh();
    expect((await runCli(['build', context])).exitCode).toBe(0);
    writeFileSync(join(context, 'Dockerfile'), DOCKERFILE.replace('echo installing', 'echo installing now'));
    expect((await runCli(['build', context])).exitCode).toBe(0);
    const result = await why();
    expect(result.cacheMisses[0]).toMatchObject({ line: 4, cause: 'instruction-changed', details: { previous: 'RUN echo installing > deps.txt', current: 'RUN echo installing now > deps.txt' } });
    expect(result.cacheMisses.slice(1).every((m: any) => m.cause === 'parent-missed')).toBe(true);
  });

  test('a base image rebuilt under the same tag is reported at the FROM line with both digests', async () => {
    const tag = `buildlens-test/why-base:${Date.now().toString(36)}`;
    const base = makeContext({ Dockerfile: 'FROM buildlens-fixture/busybox:1\nRUN echo one > /base.txt\n' });
    await execa('docker', ['buildx', 'build', '--load', '-t', tag, base]);
    const context = makeContext({ Dockerfile: `FROM ${tag}\nRUN cat /base.txt > /copy.txt\n` });
    expect((await runCli(['build', context])).exitCode).toBe(0);
    writeFileSync(join(base, 'Dockerfile'), 'FROM buildlens-fixture/busybox:1\nRUN echo two > /base.txt\n');
    await execa('docker', ['buildx', 'build', '--load', '-t', tag, base]);
    expect((await runCli(['build', context])).exitCode).toBe(0);
    const result = await why();
    expect(result.cacheMisses[0]).toMatchObject({ line: 1, cause: 'base-image-changed' });
    expect(result.cacheMisses[0].details.previous).toMatch(/^sha256:/);
    expect(result.cacheMisses[0].details.current).not.toBe(result.cacheMisses[0].details.previous);
    await execa('docker', ['image', 'rm', tag], { reject: false });
  });

  test('--no-cache: the misses are cache-unavailable', async () => {
    const context = fresh();
    expect((await runCli(['build', context])).exitCode).toBe(0);
    expect((await runCli(['build', '--no-cache', context])).exitCode).toBe(0);
    const result = await why();
    expect(result.cacheMisses.length).toBeGreaterThan(0);
    expect(result.cacheMisses.every((m: any) => m.cause === 'cache-unavailable')).toBe(true);
  });

  test('no change: no misses', async () => {
    const context = fresh();
    expect((await runCli(['build', context])).exitCode).toBe(0);
    expect((await runCli(['build', context])).exitCode).toBe(0);
    const result = await why();
    expect(result.compareRef).toBeTruthy();
    expect(result.cacheMisses).toEqual([]);
  });

  test('--compare names the build to compare with', async () => {
    const context = fresh();
    expect((await runCli(['build', context])).exitCode).toBe(0);
    const first = JSON.parse((await runCli(['history', '--json', '--limit', '1'])).stdout)[0].ref;
    writeFileSync(join(context, 'src/app.js'), 'v3');
    expect((await runCli(['build', context])).exitCode).toBe(0);
    const result = await why(['--compare', first]);
    expect(result.compareRef).toBe(first);
    expect(result.cacheMisses[0]).toMatchObject({ line: 6, cause: 'context-files-changed' });
  });

  test('BL007 cites how often the install re-ran because of source edits in recent builds', async () => {
    const stateDir = makeContext({});
    const env = { BUILDLENS_STATE_DIR: stateDir };
    const context = makeContext({
      Dockerfile: 'FROM buildlens-fixture/busybox:1\nWORKDIR /app\nCOPY . .\nRUN npm ci || echo "no npm in busybox"\n',
      'src/app.js': `v0-${Date.now()}`,
    });
    for (let i = 1; i <= 3; i++) {
      writeFileSync(join(context, 'src/app.js'), `v${i}-${Date.now()}`);
      const out = join(context, `out${i}`);
      const result = await runCli(['build', '--report-dir', out, context], { env });
      expect(result.exitCode, result.stderr).toBe(0);
    }
    const report = JSON.parse(readFileSync(join(context, 'out3', 'report.json'), 'utf8'));
    const bl007 = report.findings.find((f: any) => f.rule === 'BL007');
    expect(bl007).toMatchObject({ line: 3, relatedLines: [4] });
    expect(bl007.evidence.rerunHistory).toEqual({ reran: 2, builds: 3 });
    expect(bl007.message).toMatch(/re-ran 2 time\(s\) in the last 3 builds because of source edits/);
  });
});
