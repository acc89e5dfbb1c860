import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { sarifSchemaErrors } from '../test/support/sarif-schema.js';
import { cleanupContexts, makeContext, runCli } from './support/cli.js';

afterAll(cleanupContexts);

const dockerfile = (mb: number) => `FROM buildlens-fixture/busybox:1\nRUN echo ${Date.now()}${Math.random()} > /stamp\nRUN head -c ${mb * 1_000_000} /dev/urandom > /payload\nUSER nobody\n`;

describe('CI gates', () => {
  test("dive's gates on a build: --min-efficiency and a .dive-ci, on the same numbers `image` reports", async () => {
    // 2 MB written and removed again: dive counts it wasted, and the efficiency drops below 0.9.
    const context = makeContext({
      Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN echo ${Date.now()}${Math.random()} > /stamp && head -c 2000000 /dev/urandom > /big\nRUN rm /big\n`,
      '.dive-ci': 'rules:\n  lowestEfficiency: 0.95\n',
    });
    const out = join(context, 'out');
    const failed = await runCli(['build', '--report-dir', out, '--ci-config', join(context, '.dive-ci'), context]);
    expect(failed.exitCode).toBe(3);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.image.dive.wastedBytes).toBe(2_000_000);
    expect(failed.stderr).toContain(`image efficiency ${report.image.efficiency.toFixed(4)} is below --min-efficiency 0.95`);
    expect((await runCli(['build', '--min-efficiency', '0.1', '--max-dive-wasted', '3MB', context])).exitCode).toBe(0);
  });

  test('an image over --max-image-size exits 3 with one line saying by how much; within it exits 0', async () => {
    const context = makeContext({ Dockerfile: dockerfile(3) });
    const over = await runCli(['build', '--max-image-size', '2MB', context]);
    expect(over.exitCode).toBe(3);
    const line = over.stderr.split('\n').filter((l) => l.startsWith('buildlens: image size'));
    expect(line).toHaveLength(1);
    expect(line[0]).toMatch(/exceeds --max-image-size 2 MB by/);
    const within = await runCli(['build', '--max-image-size', '50MB', context]);
    expect(within.exitCode).toBe(0);
  });

  test('a size regression past --max-growth against a baseline exits 3; a small one passes', async () => {
    const base = makeContext({ Dockerfile: dockerfile(2) });
    const out = join(base, 'out');
    expect((await runCli(['build', '--report-dir', out, base])).exitCode).toBe(0);
    const baseline = join(out, 'report.json');
    const grown = makeContext({ Dockerfile: dockerfile(4) });
    const failed = await runCli(['build', '--baseline', baseline, '--max-growth', '10%', grown]);
    expect(failed.exitCode).toBe(3);
    expect(failed.stderr).toMatch(/image grew \d+(\.\d)?% against the baseline .* over --max-growth 10%/);
    const same = makeContext({ Dockerfile: dockerfile(2) });
    expect((await runCli(['build', '--baseline', baseline, '--max-growth', '10%', same])).exitCode).toBe(0);
    // The baseline file is read, never rewritten.
    expect(JSON.parse(readFileSync(baseline, 'utf8')).schemaVersion).toBe(1);
  });

  test('--fail-on error fails on a secret finding; budgets in buildlens.config.json apply too', async () => {
    const context = makeContext({ Dockerfile: 'FROM buildlens-fixture/busybox:1\nARG API_TOKEN\nRUN echo ok\n' });
    const result = await runCli(['build', '--fail-on', 'error', context]);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/finding\(s\) at or above error .*BL009 line 2/);
    writeFileSync(join(context, 'buildlens.config.json'), JSON.stringify({ budgets: { failOn: 'error' } }));
    expect((await runCli(['build', context])).exitCode).toBe(3);
    writeFileSync(join(context, 'buildlens.config.json'), JSON.stringify({ budgets: { failOn: 'error' }, rules: { BL009: 'off' } }));
    expect((await runCli(['build', context])).exitCode).toBe(0);
  });

  test('a bad config file is a one-line usage error naming the file and field', async () => {
    const context = makeContext({ Dockerfile: 'FROM buildlens-fixture/busybox:1\n', 'buildlens.config.json': JSON.stringify({ rules: { BL003: 'loud' } }) });
    const result = await runCli(['build', context]);
    expect(result.stderr).toMatch(/buildlens\.config\.json: rules\.BL003/);
  });

  test('a failed build is not gated: it exits with buildx\'s code', async () => {
    const context = makeContext({ Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN echo ${Date.now()} && exit 5\n` });
    expect((await runCli(['build', '--max-image-size', '1', context])).exitCode).toBe(1);
  });

  test('the SARIF a real build writes passes the official 2.1.0 schema', async () => {
    const context = makeContext({ Dockerfile: 'FROM buildlens-fixture/busybox:1\nARG DB_PASSWORD\nRUN echo hi\nRUN echo there\n' });
    const out = join(context, 'out');
    expect((await runCli(['build', '--report-dir', out, '--report-format', 'sarif', context])).exitCode).toBe(0);
    const sarif = JSON.parse(readFileSync(join(out, 'report.sarif'), 'utf8'));
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    expect(sarifSchemaErrors(sarif)).toEqual([]);
  });
});
