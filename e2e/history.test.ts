import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, test } from 'vitest';
import { startBridge } from '../src/transport/bridge.js';
import { DockerDaemonTransport } from '../src/transport/docker-daemon.js';
import { cleanupContexts, makeContext, runCli } from './support/cli.js';

afterAll(cleanupContexts);

const DOCKERFILE = `FROM buildlens-fixture/busybox:1 AS base
RUN echo one > /one
FROM base
COPY app.txt /app.txt
RUN cat /app.txt > /copy
`;

async function plainBuild(context: string): Promise<string> {
  const meta = join(context, 'meta.json');
  await execa('docker', ['buildx', 'build', '--metadata-file', meta, context]);
  const ref = JSON.parse(readFileSync(meta, 'utf8'))['buildx.build.ref'] as string;
  return ref.split('/').pop() ?? '';
}

describe('history and reports of past builds', () => {
  test('history lists a build just run by plain docker buildx build, newest first', async () => {
    const context = makeContext({ Dockerfile: DOCKERFILE, 'app.txt': `v${Date.now()}` });
    const ref = await plainBuild(context);
    const result = await runCli(['history', '--json', '--limit', '5']);
    expect(result.exitCode).toBe(0);
    const rows = JSON.parse(result.stdout);
    expect(rows[0].ref).toBe(ref);
    expect(rows[0].status).toBe('success');
    expect(rows[0].steps).toBeGreaterThan(0);
    const text = await runCli(['history', '--limit', '3']);
    expect(text.stdout).toContain(ref);
  });

  test('report of a plain buildx build gives each step its line, and "last" finds it', async () => {
    const context = makeContext({ Dockerfile: DOCKERFILE, 'app.txt': `w${Date.now()}` });
    const ref = await plainBuild(context);
    const byRef = await runCli(['report', ref, '--json']);
    expect(byRef.exitCode).toBe(0);
    const report = JSON.parse(byRef.stdout);
    expect(report.build.ref).toBe(ref);
    const lines = DOCKERFILE.split('\n');
    for (const step of report.steps) expect(lines[step.line - 1]).toBe(step.instruction);
    expect(report.steps.find((s: any) => s.line === 4).cached).toBe(false);
    const last = JSON.parse((await runCli(['report', 'last', '--json'])).stdout);
    expect(last.build.ref).toBe(ref);
    expect(last.steps.map((s: any) => [s.line, s.cached])).toEqual(report.steps.map((s: any) => [s.line, s.cached]));
  });

  test('the live report and `report last` agree in substance', async () => {
    const context = makeContext({ Dockerfile: DOCKERFILE, 'app.txt': `x${Date.now()}` });
    const out = join(context, 'out');
    expect((await runCli(['build', '--report-dir', out, context])).exitCode).toBe(0);
    const live = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const after = JSON.parse((await runCli(['report', 'last', '--json'])).stdout);
    expect(after.build.ref).toBe(live.build.ref);
    expect(after.steps.map((s: any) => [s.id, s.line, s.endLine, s.cached, s.durationMs])).toEqual(live.steps.map((s: any) => [s.id, s.line, s.endLine, s.cached, s.durationMs]));
    expect(after.image.layers).toEqual(live.image.layers);
  });

  test('an unknown ref is one clear line and exit 1 (4 is for a builder that cannot be reached)', async () => {
    const result = await runCli(['report', 'nosuchref0000000000000000']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/no build "nosuchref/);
  });

  test('the remote driver reaches BuildKit through a unix socket', async () => {
    const bridge = await startBridge(DockerDaemonTransport.forEndpoint({ kind: 'unix', path: '/var/run/docker.sock' }));
    const name = `bl-remote-${Date.now().toString(36)}`;
    const config = mkdtempSync(join(tmpdir(), 'buildlens-buildx-config-'));
    const env = { BUILDX_CONFIG: config };
    try {
      const created = await execa('docker', ['buildx', 'create', '--name', name, '--driver', 'remote', bridge.address], { env, reject: false });
      expect(created.exitCode, created.stderr).toBe(0);
      const result = await runCli(['history', '--builder', name, '--json'], { env });
      expect(result.exitCode, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).length).toBeGreaterThan(0);
    } finally {
      await execa('docker', ['buildx', 'rm', name], { env, reject: false });
      await bridge.close();
      rmSync(config, { recursive: true, force: true });
    }
  });
});
