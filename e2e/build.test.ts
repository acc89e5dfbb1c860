import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, test } from 'vitest';
import {
  CLI_PATH,
  cleanupContexts,
  eventually,
  filesUnder,
  imageExists,
  makeContext,
  processesMatching,
  readReport,
  runCli,
  spawnCli,
  uniqueTag,
} from './support/cli.js';

afterAll(cleanupContexts);

const MULTI_STAGE = `FROM buildlens-fixture/busybox:1 AS deps
WORKDIR /app
COPY package.json ./
RUN echo installing > deps.txt

FROM buildlens-fixture/busybox:1 AS build
WORKDIR /srv
COPY --from=deps /app/deps.txt ./
COPY src ./src
RUN head -c 3000000 /dev/urandom > /tmp/junk && \\
    echo built > /srv/out.txt
RUN rm /tmp/junk

FROM buildlens-fixture/busybox:1
COPY --from=build /srv/out.txt /out.txt
ARG GREETING=hi
RUN echo "$GREETING" > /greet
`;

// Waits until buildx is building context, and a moment more (its RUN is under way).
async function buildxRunning(context: string): Promise<void> {
  expect(await eventually(async () => (await buildxOf(context)).length > 0, 30_000)).toBe(true);
  await new Promise((r) => setTimeout(r, 1500));
}

function buildxOf(context: string) {
  return processesMatching(new RegExp(`buildx build .*${context}`));
}

function buildlensTempEntries(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('buildlens-run-') || name.startsWith('buildlens-bridge-'));
}

describe('buildlens build on a real engine', () => {
  test('a multi-stage build loads the image, exits 0 and ties every step to its Dockerfile line', async () => {
    const context = makeContext({ Dockerfile: MULTI_STAGE, 'package.json': '{"name":"x"}', 'src/app.js': `console.log(${Date.now()})` });
    const tag = uniqueTag('multi');
    const out = join(context, 'out');
    const result = await runCli(['build', '--load', '-t', tag, '--report-dir', out, context]);
    expect(result.exitCode).toBe(0);
    expect(await imageExists(tag)).toBe(true);
    const report = readReport(out);
    expect(report.schemaVersion).toBe(1);
    expect(report.build.status).toBe('success');
    const lines = MULTI_STAGE.split('\n');
    for (const step of report.steps) {
      expect(lines[step.line - 1]?.trim()).toBe(step.instruction.split('\n')[0]);
    }
    const byLine = new Map(report.steps.map((s: any) => [s.line, s]));
    expect((byLine.get(10) as any).endLine).toBe(11);
    expect((byLine.get(2) as any).stage).toBe('deps');
    expect((byLine.get(7) as any).stage).toBe('build');
    expect(report.stages.map((s: any) => s.name)).toEqual(['deps', 'build', 'stage-2']);
    expect(report.image.layers.filter((l: any) => !l.base).map((l: any) => l.line)).toEqual([15, 17]);
    expect(result.stderr).toContain('buildlens: build succeeded');
  });

  test('an immediate rebuild is reported 100% cached', async () => {
    const context = makeContext({ Dockerfile: MULTI_STAGE, 'package.json': '{"name":"y"}', 'src/app.js': `console.log(${Date.now()})` });
    const first = await runCli(['build', context]);
    expect(first.exitCode).toBe(0);
    const out = join(context, 'out2');
    const second = await runCli(['build', '--report-dir', out, context]);
    expect(second.exitCode).toBe(0);
    const report = readReport(out);
    expect(report.cache.steps).toBeGreaterThan(0);
    expect(report.cache.cached).toBe(report.cache.steps);
    expect(report.cache.ratio).toBe(1);
  });

  test("a failing RUN exits with buildx's code and is reported at its line with its log", async () => {
    const dockerfile = `FROM buildlens-fixture/busybox:1\nRUN echo preparing\nRUN echo "the-failure-${Date.now()}" && \\\n    exit 7\n`;
    const context = makeContext({ Dockerfile: dockerfile });
    const out = join(context, 'out');
    const plain = await runCli(['build', '--report-dir', out, context]);
    expect(plain.exitCode).toBe(1);
    const report = readReport(out);
    expect(report.build.status).toBe('failed');
    expect(report.build.exitCode).toBe(1);
    expect(report.build.error.line).toBe(3);
    expect(report.build.error.endLine).toBe(4);
    expect(report.build.error.logTail.join('\n')).toMatch(/the-failure-/);
  });

  test('arguments reach buildx exactly, and build-arg values appear in no output', async () => {
    const secret = `s3cr3t-${Date.now()} with=equals and spaces`;
    const context = makeContext({
      Dockerfile: 'FROM buildlens-fixture/busybox:1\nARG MSG\nRUN echo "$MSG" > /msg\nFROM scratch\nCOPY --from=0 /msg /msg\n',
    });
    const dest = join(context, 'exported');
    const out = join(context, 'out');
    const result = await runCli(['build', '--build-arg', `MSG=${secret}`, '-o', `type=local,dest=${dest}`, '--report-dir', out, context]);
    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(dest, 'msg'), 'utf8')).toBe(`${secret}\n`);
    for (const text of [result.stdout, result.stderr, readFileSync(join(out, 'report.json'), 'utf8')]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain('s3cr3t-');
    }
  });

  test('a Dockerfile from stdin (-f -) works', async () => {
    const context = makeContext({ 'hello.txt': 'hi' });
    const result = await runCli(['build', '-f', '-', context], { input: 'FROM buildlens-fixture/busybox:1\nCOPY hello.txt /\n' });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('buildlens: build succeeded');
  });

  test('Ctrl-C cancels buildx, exits 130, leaves no process or temp file behind, and the report says canceled', async () => {
    const token = `running-${Date.now()}`;
    const context = makeContext({ Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN echo ${token} && sleep 60\n` });
    const stateDir = makeContext({});
    const out = join(context, 'out');
    const before = buildlensTempEntries();
    const child = spawnCli(['build', '--report-dir', out, context], { env: { BUILDLENS_STATE_DIR: stateDir } });
    // Interrupt once the RUN on line 2 is running (its output shows in buildx's progress), however slow the machine.
    let progress = '';
    child.stderr?.on('data', (chunk: Buffer) => (progress += chunk.toString()));
    expect(await eventually(async () => new RegExp(`#\\d+ [\\d.]+ ${token}`).test(progress), 60_000)).toBe(true);
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(await buildxOf(context)).toEqual([]);
    expect(buildlensTempEntries().filter((e) => !before.includes(e))).toEqual([]);
    const report = readReport(out);
    expect(report.build.status).toBe('canceled');
    expect(report.build.error?.line).toBe(2);
    // A canceled build records nothing in the (fresh) state store.
    expect(filesUnder(stateDir).filter((file) => file.endsWith('.json'))).toEqual([]);
  });

  test('Ctrl-C as soon as buildlens starts: exit 130, no buildx left running, no temp file', async () => {
    const before = buildlensTempEntries();
    const contexts: string[] = [];
    for (const delayMs of [20, 80, 200]) {
      // A context each: BuildKit shares a step still running for an earlier, identical build.
      const context = makeContext({ Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN echo ${Date.now()}-${delayMs} && sleep 60\n` });
      contexts.push(context);
      const child = spawnCli(['build', context]);
      await new Promise((r) => setTimeout(r, delayMs));
      child.kill('SIGINT');
      const result = await child;
      // Node itself may not have installed buildlens's handler yet at 20 ms: then SIGINT ends it as a signal would.
      expect(result.exitCode === 130 || result.signal === 'SIGINT').toBe(true);
      expect(result.stderr).not.toMatch(/\n\s+at \S+ \(/);
    }
    await new Promise((r) => setTimeout(r, 500));
    for (const context of contexts) expect(await buildxOf(context)).toEqual([]);
    expect(buildlensTempEntries().filter((e) => !before.includes(e))).toEqual([]);
  });

  test('SIGTERM exits 143', async () => {
    const context = makeContext({ Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN echo ${Date.now()} && sleep 60\n` });
    const child = spawnCli(['build', context]);
    await buildxRunning(context);
    child.kill('SIGTERM');
    const result = await child;
    expect(result.exitCode).toBe(143);
    expect(await buildxOf(context)).toEqual([]);
  });
});

// The live view on a terminal: e2e/live-view.test.ts.

describe('usage and reachability errors', () => {
  test('a missing context is a one-line usage error with exit 2', async () => {
    const result = await runCli(['build', '--load']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/missing build context/);
  });

  test('a bad value of a buildlens option is a usage error naming the flag', async () => {
    const result = await runCli(['build', '--max-image-size', '12XB', '.']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--max-image-size/);
  });

  test("build --help prints buildlens's own options", async () => {
    const result = await runCli(['build', '--help']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/--report-dir/);
  });

  test('--help is the help commander prints (the copy made at bundling is current), the same on a terminal', async () => {
    const bundled = await runCli(['--help']);
    const short = await runCli(['-h']);
    const commander = await runCli(['help']);
    expect(bundled.exitCode).toBe(0);
    expect(bundled.stdout).toMatch(/^Usage: buildlens /);
    expect(bundled.stdout).toBe(commander.stdout);
    expect(short.stdout).toBe(commander.stdout);
    // 80 columns wherever it is printed, so one copy serves a terminal too.
    const wide = await execa('script', ['-qec', `stty cols 150; node ${CLI_PATH} help`, '/dev/null'], { reject: false });
    expect(wide.stdout.replace(/\r\n/g, '\n').trim()).toBe(commander.stdout.trim());
  });

  test('a reader that closes the pipe first (`| head -1`) gets no stack trace: the command ends with its own code', async () => {
    for (const args of [['--help'], ['explain', 'BL001'], ['history', '--json', '--limit', '5']]) {
      // The read end is closed before the CLI has started, so its first write fails with EPIPE.
      const child = spawn(process.execPath, [CLI_PATH, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      expect(stderr, args.join(' ')).not.toMatch(/EPIPE|\n\s+at /);
      expect(code, args.join(' ')).toBe(0);
    }
  });

  test('a builder that does not exist gives one clear line and exit 4', async () => {
    const result = await runCli(['history', '--builder', 'no-such-builder-xyz']);
    expect(result.exitCode).toBe(4);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/no-such-builder-xyz/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('an unreachable daemon gives one clear line and exit 4, for history and for build', async () => {
    const env = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
    const history = await runCli(['history'], { env });
    expect(history.exitCode).toBe(4);
    expect(history.stderr).toMatch(/nonexistent/);
    const context = makeContext({ Dockerfile: 'FROM buildlens-fixture/busybox:1\n' });
    const build = await runCli(['build', context], { env });
    expect(build.exitCode).toBe(4);
    expect(build.stderr).toMatch(/buildlens: .*nonexistent/);
  });
});
