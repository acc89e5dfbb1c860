import { mkfifoSync } from './support/fifo.js';
import { readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { BuildkitClient } from '../src/buildkit/client.js';
import { DockerDaemonTransport } from '../src/transport/docker-daemon.js';
import { cleanupContexts, makeContext, runCli } from './support/cli.js';

afterAll(cleanupContexts);

function readReport(dir: string): any {
  return JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
}

function filesUnder(dir: string): string[] {
  let out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out = out.concat(filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

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

  test('a build whose history record was pruned is one clear line, exit 4', async () => {
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
    expect(result.exitCode).toBe(4);
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
    // buildx decides whether such a context is acceptable; buildlens must exit as buildx did and explain.
    if (result.exitCode === 0) expect(readReport(join(context, 'out')).build.status).toBe('success');
    else expect(result.stderr).toMatch(/ERROR|buildlens/);
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
