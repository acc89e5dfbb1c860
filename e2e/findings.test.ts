import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cleanupContexts, makeContext, runCli } from './support/cli.js';

afterAll(cleanupContexts);

async function findingsOf(files: Record<string, string>, args: string[] = []): Promise<any> {
  const context = makeContext(files);
  const out = join(context, 'out');
  const result = await runCli(['build', ...args, '--report-dir', out, '--report-format', 'json,md,sarif', context]);
  expect(result.exitCode, result.stderr).toBe(0);
  return { report: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')), out, result };
}

const at = (report: any, rule: string) => report.findings.filter((f: any) => f.rule === rule).map((f: any) => f.line);

describe('findings on real builds, at the right lines', () => {
  test('apt without --no-install-recommends and without cleanup, a deleted-too-late file, no USER, unpinned-looking base', async () => {
    const { report, out } = await findingsOf({
      Dockerfile: [
        'FROM buildlens-fixture/debian:bookworm',
        `RUN echo ${Date.now()} > /stamp`,
        'RUN apt-get update && apt-get install -y curl',
        'RUN head -c 3000000 /dev/urandom > /tmp/download.tgz',
        'RUN rm /tmp/download.tgz',
        '',
      ].join('\n'),
    });
    expect(at(report, 'BL003')).toEqual([3]);
    expect(at(report, 'BL002')).toEqual([3]);
    expect(report.findings.find((f: any) => f.rule === 'BL002').savingsBytes).toBeGreaterThan(5_000_000);
    const waste = report.findings.find((f: any) => f.rule === 'BL001');
    expect(waste).toMatchObject({ line: 4, relatedLines: [5], savingsBytes: 3_000_000 });
    expect(at(report, 'BL010')).toEqual([1]);
    const sarif = JSON.parse(readFileSync(join(out, 'report.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.find((r: any) => r.ruleId === 'BL001').locations[0].physicalLocation.region).toEqual({ startLine: 4, endLine: 4 });
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/\| BL001 \| line 4 \|/);
  }, 180_000);

  test('COPY . . before an install, a .env and a key in the context, a secret-named build arg', async () => {
    const { report } = await findingsOf(
      {
        Dockerfile: ['FROM buildlens-fixture/busybox:1', 'ARG NPM_TOKEN', 'WORKDIR /app', 'COPY . .', 'RUN npm ci || echo "no npm here"', 'USER nobody', ''].join('\n'),
        '.env': 'API_KEY=fake-value-for-tests\n',
        'deploy.key': 'not a real key\n',
        'package.json': `{"name":"x","v":"${Date.now()}"}`,
      },
      ['--build-arg', 'NPM_TOKEN=fake-token-value'],
    );
    expect(at(report, 'BL007')).toEqual([4]);
    expect(report.findings.find((f: any) => f.rule === 'BL007').relatedLines).toEqual([5]);
    const secrets = report.findings.filter((f: any) => f.rule === 'BL009');
    expect(secrets.map((f: any) => f.line).sort()).toEqual([2, 4]);
    expect(secrets.every((f: any) => f.severity === 'error')).toBe(true);
    expect(JSON.stringify(report)).not.toContain('fake-token-value');
    expect(JSON.stringify(report)).not.toContain('fake-value-for-tests');
    expect(at(report, 'BL010')).toEqual([]);
  });

  test('a suppression comment silences exactly the named rule at its instruction', async () => {
    const { report } = await findingsOf({
      Dockerfile: ['FROM buildlens-fixture/debian:bookworm', `RUN echo ${Date.now()} > /stamp`, '# buildlens-ignore BL003', 'RUN apt-get update && apt-get install -y curl', ''].join('\n'),
    });
    expect(at(report, 'BL003')).toEqual([]);
    expect(at(report, 'BL002')).toEqual([4]);
  }, 180_000);

  test('the clean multi-stage example produces nothing above info', async () => {
    const result = await runCli(['build', '--report-dir', '/tmp/buildlens-e2e-clean-out', 'examples/clean']);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync('/tmp/buildlens-e2e-clean-out/report.json', 'utf8'));
    expect(report.findings.filter((f: any) => f.severity !== 'info')).toEqual([]);
  }, 240_000);

  test('the node-app example: each expected rule at its line', async () => {
    const result = await runCli(['build', '--report-dir', '/tmp/buildlens-e2e-nodeapp-out', 'examples/node-app']);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync('/tmp/buildlens-e2e-nodeapp-out/report.json', 'utf8'));
    const lines = Object.fromEntries(['BL001', 'BL002', 'BL003', 'BL007', 'BL009', 'BL010', 'BL012'].map((r) => [r, at(report, r)]));
    expect(lines).toEqual({ BL001: [14], BL002: [12], BL003: [12], BL007: [9], BL009: [9], BL010: [4], BL012: [12] });
  }, 240_000);
});
