import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cleanupContexts, makeContext, runCli } from './support/cli.js';

afterAll(cleanupContexts);

const MIB = 1024 * 1024;

describe('layer analysis on a real image', () => {
  test('24 MiB written in one RUN and deleted in the next is wasted, charged to the first line with the second as remover', async () => {
    const context = makeContext({
      Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN echo ${Date.now()} > /stamp\nRUN head -c ${24 * MIB} /dev/urandom > /blob.bin\nRUN rm /blob.bin\n`,
    });
    const out = join(context, 'out');
    const first = await runCli(['build', '--report-dir', out, context]);
    expect(first.exitCode, first.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const adder = report.steps.find((s: any) => s.line === 3);
    expect(adder.layer.wastedBytes).toBe(24 * MIB);
    expect(adder.layer.wastedBy).toEqual([{ line: 4, bytes: 24 * MIB, paths: ['blob.bin'] }]);
    expect(report.image.wastedBytes).toBe(24 * MIB);
    expect(report.image.efficiency).toBeLessThan(0.5);
    // uncompressedSize is the layer's real tar size: the 24 MiB file plus headers and padding.
    expect(adder.layer.uncompressedSize).toBeGreaterThan(24 * MIB);
    expect(adder.layer.uncompressedSize).toBeLessThan(24 * MIB + 16 * 1024);
    expect(adder.layer.uncompressedSize % 512).toBe(0);
    expect(first.stderr).toMatch(/wasted 25\.2 MB/);
  });

  test('a cached rebuild reads no layer blob again', async () => {
    const context = makeContext({ Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN echo ${Date.now()} > /stamp\nRUN head -c ${4 * MIB} /dev/urandom > /r.bin\n` });
    expect((await runCli(['build', context])).exitCode).toBe(0);
    const again = await runCli(['build', context], { env: { BUILDLENS_DEBUG: '1' } });
    expect(again.exitCode).toBe(0);
    const analysed = again.stderr.split('\n').filter((l) => /layer .* (read|cached)/.test(l));
    expect(analysed.length).toBeGreaterThan(0);
    expect(analysed.every((l) => /cached/.test(l))).toBe(true);
  });
});
