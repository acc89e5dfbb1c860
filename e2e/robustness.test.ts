import { mkfifoSync } from './support/fifo.js';
import { chmodSync, chownSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { BuildkitClient } from '../src/buildkit/client.js';
import { DockerDaemonTransport } from '../src/transport/docker-daemon.js';
import { reportSchema } from '../src/model/report.js';
import { cleanupContexts, filesUnder, makeContext, readReport, runCli, spawnCli } from './support/cli.js';

afterAll(cleanupContexts);



describe('robustness', () => {
  test('four builds at once on the same builder each report their own build', async () => {
    const contexts = [0, 1, 2, 3].map((i) =>
      makeContext({ Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN echo "parallel-${i}-${Date.now()}" > /id && sleep 1\nRUN cat /id\n` }),
    );
    const results = await Promise.all(contexts.map((c) => runCli(['build', '--report-dir', join(c, 'out'), c])));
    expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0, 0]);
    const reports = contexts.map((c) => readReport(join(c, 'out')));
    expect(new Set(reports.map((r) => r.build.ref)).size).toBe(4);
    reports.forEach((report, i) => {
      expect(report.steps.find((s: any) => s.line === 2).instruction).toMatch(new RegExp(`parallel-${i}-`));
    });
  });

  test('four failing builds at once each find their own record', async () => {
    const contexts = [0, 1, 2, 3].map((i) =>
      makeContext({ Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN echo "failing-${i}-${Date.now()}" && sleep ${i % 2} && exit ${i + 3}\n` }),
    );
    const results = await Promise.all(contexts.map((c) => runCli(['build', '--report-dir', join(c, 'out'), c])));
    expect(results.every((r) => r.exitCode === 1)).toBe(true);
    contexts.forEach((c, i) => {
      const report = readReport(join(c, 'out'));
      expect(report.build.status).toBe('failed');
      expect(report.build.error.message).toMatch(new RegExp(`exit code: ${i + 3}`));
    });
  });

  test('a build whose history record was pruned is one clear line, exit 1', async () => {
    const context = makeContext({ Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN echo pruned-${Date.now()}\n` });
    expect((await runCli(['build', context])).exitCode).toBe(0);
    const ref = JSON.parse((await runCli(['history', '--json', '--limit', '1'])).stdout)[0].ref;
    const client = await BuildkitClient.connect(DockerDaemonTransport.forEndpoint({ kind: 'unix', path: '/var/run/docker.sock' }));
    try {
      await client.deleteRecord(ref);
    } finally {
      await client.close();
    }
    const result = await runCli(['report', ref]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(ref);
  });

  test('a context with a fifo, a dangling symlink, a symlink loop and a 2 GB sparse file neither hangs nor crashes', async () => {
    const context = makeContext({ Dockerfile: 'FROM buildlens-fixture/busybox:1\nCOPY small.txt /small.txt\n', 'small.txt': 'hi', '.dockerignore': 'huge.bin\n' });
    mkfifoSync(join(context, 'pipe'));
    symlinkSync('/nonexistent/target', join(context, 'dangling'));
    symlinkSync('loop-b', join(context, 'loop-a'));
    symlinkSync('loop-a', join(context, 'loop-b'));
    writeFileSync(join(context, 'huge.bin'), '');
    await import('node:fs/promises').then((fs) => fs.truncate(join(context, 'huge.bin'), 2 * 1024 ** 3));
    const result = await runCli(['build', '--report-dir', join(context, 'out'), context], { timeoutMs: 120_000 });
    // buildx 0.13 accepts this context (it sends only what COPY asks for).
    expect(result.exitCode).toBe(0);
    expect(readReport(join(context, 'out')).build.status).toBe('success');
    expect(result.stderr).not.toMatch(/\n\s+at \S+ \(/);
  });

  test('buildlens killed (SIGKILL) at any moment never leaves a truncated report.json, nor a state record that does not parse', async () => {
    const context = makeContext({ Dockerfile: 'FROM buildlens-fixture/busybox:1\nARG N\nRUN echo "$N" > /n && head -c 300000 /dev/urandom > /r\n' });
    const out = join(context, 'out');
    const stateDir = makeContext({});
    const env = { BUILDLENS_STATE_DIR: stateDir };
    const whole = await runCli(['build', '--build-arg', 'N=0', '--report-dir', out, '--report-format', 'json,md,sarif,html', context], { env });
    expect(whole.exitCode).toBe(0);
    // Spread over a run, densest at its end, where the files are written.
    const delays = [0.1, 0.4, 0.7, 0.8, 0.85, 0.9, 0.93, 0.96, 0.98, 1, 1.03, 1.1].map((f) => Math.round(f * whole.durationMs));
    for (const [i, delayMs] of delays.entries()) {
      const child = spawnCli(['build', '--build-arg', `N=${i + 1}`, '--report-dir', out, '--report-format', 'json,md,sarif,html', context], { env });
      await new Promise((r) => setTimeout(r, delayMs));
      child.kill('SIGKILL');
      await child;
      const text = readFileSync(join(out, 'report.json'), 'utf8');
      // Either the earlier report, whole, or a whole new one.
      const report = reportSchema().parse(JSON.parse(text));
      expect(report.build.status).toBe('success');
      // The whole run before the kills recorded its build: there is always a record to check.
      const records = filesUnder(stateDir).filter((file) => file.endsWith('.json'));
      expect(records.length).toBeGreaterThan(0);
      for (const file of records) expect(() => JSON.parse(readFileSync(file, 'utf8'))).not.toThrow();
    }
  });

  // Root reads every file: these run buildlens as nobody, in the docker socket's group.
  function asNobody(): { user: { uid: number; gid: number }; home: string } {
    const home = makeContext({});
    chownSync(home, 65534, 0);
    return { user: { uid: 65534, gid: statSync('/var/run/docker.sock').gid }, home };
  }

  test('a context file the user cannot read: buildx sends it empty and the build succeeds, so buildlens says so', async () => {
    const locked = `locked-content-${Date.now()}`;
    const context = makeContext({ Dockerfile: 'FROM buildlens-fixture/busybox:1\nCOPY ok.txt locked.txt /ctx/\n', 'ok.txt': 'fine', 'locked.txt': locked });
    chmodSync(context, 0o755);
    chmodSync(join(context, 'locked.txt'), 0o000);
    writeFileSync(join(context, 'huge.bin'), '');
    await import('node:fs/promises').then((fs) => fs.truncate(join(context, 'huge.bin'), 2 * 1024 ** 3));
    const { user, home } = asNobody();
    const out = join(home, 'out');
    const result = await runCli(['build', '--report-dir', out, context], { user, env: { HOME: home, XDG_STATE_HOME: undefined, XDG_CACHE_HOME: undefined, BUILDLENS_STATE_DIR: undefined, BUILDLENS_CACHE_DIR: undefined, DOCKER_CONFIG: undefined }, timeoutMs: 120_000 });
    expect(result.exitCode).toBe(0);
    const said = /1 context file this user cannot read \(locked\.txt\): buildx sends such files empty/;
    expect(result.stderr).toMatch(said);
    expect(readReport(out).notes.some((n: { topic: string; message: string }) => n.topic === 'context' && said.test(n.message))).toBe(true);
    expect(`${result.stdout}${result.stderr}${readFileSync(join(out, 'report.json'), 'utf8')}`).not.toContain(locked);
    expect(result.stderr).not.toMatch(/\n\s+at \S+ \(/);
  });

  test('a context directory the user cannot list: buildx fails, buildlens exits with its code and shows its error, no hang', async () => {
    const context = makeContext({ Dockerfile: 'FROM buildlens-fixture/busybox:1\nCOPY . /ctx\n', 'ok.txt': 'fine', 'private/key.txt': 'k' });
    chmodSync(context, 0o755);
    chmodSync(join(context, 'private'), 0o000);
    const { user, home } = asNobody();
    const out = join(home, 'out');
    const result = await runCli(['build', '--report-dir', out, context], { user, env: { HOME: home, XDG_STATE_HOME: undefined, XDG_CACHE_HOME: undefined, BUILDLENS_STATE_DIR: undefined, BUILDLENS_CACHE_DIR: undefined, DOCKER_CONFIG: undefined }, timeoutMs: 120_000 });
    expect(result.exitCode).toBe(1);
    // Loading the context failed, not a Dockerfile line: the report names no line.
    const error = readReport(out).build.error;
    expect(error.message).toMatch(/open \S*private: permission denied/);
    expect(error.line).toBeUndefined();
    expect(result.stderr).toMatch(/ERROR: .*open \S*private: permission denied/);
    // buildx's error block, shown once: as buildx printed it.
    expect(result.stderr.match(/^ERROR: failed to solve/gm)).toHaveLength(1);
    // buildlens's own notes (the summary's header, "buildlens: build failed …", is not one) say it once.
    const notes = result.stderr.split('\n').filter((l) => l.startsWith('buildlens:') && !l.startsWith('buildlens: build '));
    expect(notes.length).toBeLessThanOrEqual(1);
    expect(result.stderr).not.toMatch(/\n\s+at \S+ \(/);
  });

  test('no build-arg value, secret content or .env value appears in any stream or file buildlens writes', async () => {
    const argValue = `argv4lue-${Date.now()}`;
    const secretValue = `s3cretfile-${Date.now()}`;
    const envValue = `envv4lue-${Date.now()}`;
    const context = makeContext({
      Dockerfile: 'FROM buildlens-fixture/busybox:1\nARG API_TOKEN\nRUN echo "$API_TOKEN" | wc -c\nRUN --mount=type=secret,id=npmrc cat /run/secrets/npmrc | wc -c\nCOPY .env /app/.env\nRUN echo "$API_TOKEN" > /leak-into-layer-is-the-users-choice\n',
      '.env': `API_KEY=${envValue}\n`,
      'secret.txt': secretValue,
    });
    const out = join(context, 'out');
    const result = await runCli(['build', '--build-arg', `API_TOKEN=${argValue}`, '--secret', `id=npmrc,src=${join(context, 'secret.txt')}`, '--report-dir', out, '--report-format', 'json,md,sarif,html', context]);
    expect(result.exitCode).toBe(0);
    const why = await runCli(['why', 'last']);
    const report = await runCli(['report', 'last', '--json']);
    const texts = [result.stdout, result.stderr, why.stdout, why.stderr, report.stdout, report.stderr];
    for (const file of filesUnder(out)) texts.push(readFileSync(file, 'utf8'));
    const stateDir = process.env.BUILDLENS_STATE_DIR ?? join(process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'buildlens');
    for (const file of filesUnder(stateDir)) if (statSync(file).size < 5_000_000 && !file.endsWith('.gz')) texts.push(readFileSync(file, 'utf8'));
    for (const text of texts) {
      expect(text).not.toContain(argValue);
      expect(text).not.toContain(secretValue);
      expect(text).not.toContain(envValue);
    }
  });
});
