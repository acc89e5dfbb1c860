import { mkdtempSync, readFileSync, readdirSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, test } from 'vitest';
import { cleanupContexts, makeContext, readReport, runCli } from './support/cli.js';

// Where a build's report goes: a report directory checked before the build
// starts, one build's files in it, the CI job summary, and -q.

afterAll(cleanupContexts);

// Every file directly in dir (temp files too) with its text.
function contentsOf(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

const DOCKERFILE = 'FROM buildlens-fixture/busybox:1\nRUN echo outputs > /o\n';

describe('report outputs', () => {
  test.each([
    ['a directory under /proc (Node 20 would loop there)', () => '/proc/nope/rep', /cannot create \/proc\/nope/],
    [
      'a file',
      () => {
        const f = join(mkdtempSync(join(tmpdir(), 'e2e-outputs-')), 'file');
        writeFileSync(f, 'x');
        return f;
      },
      /exists and is not a directory/,
    ],
    ['a path under /dev/null', () => '/dev/null/x', /\/dev\/null exists and is not a directory/],
  ])('--report-dir naming %s: exit 2 before the build starts, in one line', async (_what, dir, message) => {
    const context = makeContext({ Dockerfile: DOCKERFILE });
    const result = await runCli(['build', '--report-dir', dir(), context], { timeoutMs: 60_000 });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    // buildx never ran: nothing of its progress is printed.
    expect(result.stderr).not.toMatch(/\[internal\]|#\d+ /);
  });

  test('--report-format without --report-dir is a usage error', async () => {
    const result = await runCli(['build', '--report-format', 'html,md', makeContext({ Dockerfile: DOCKERFILE })]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--report-format needs --report-dir/);
  });

  test('the job summary is written whenever GITHUB_STEP_SUMMARY is set; -q prints one line', async () => {
    const summary = join(mkdtempSync(join(tmpdir(), 'e2e-outputs-')), 'summary.md');
    const result = await runCli(['build', '-q', makeContext({ Dockerfile: DOCKERFILE })], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readFileSync(summary, 'utf8')).toMatch(/buildlens/);
    const ours = result.stderr.split('\n').filter((l) => l.startsWith('buildlens: '));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatch(/^buildlens: build succeeded in .* · \d+\/\d+ cached · .*ref \w+$/);
  });

  test('a reused report directory holds only the latest build: formats not asked for again are removed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'e2e-outputs-'));
    const context = makeContext({ Dockerfile: DOCKERFILE });
    expect((await runCli(['build', '--report-dir', dir, '--report-format', 'html,md,sarif', context])).exitCode).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['cache-inputs.json', 'report.html', 'report.json', 'report.md', 'report.sarif']);
    expect((await runCli(['build', '--report-dir', dir, context])).exitCode).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['cache-inputs.json', 'report.json']);
  });

  test('a Dockerfile that does not parse gets no findings, and the report says why', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'e2e-outputs-')), 'rep');
    const context = makeContext({ Dockerfile: 'FROM buildlens-fixture/busybox:latest\nRUNN echo typo\nUSER root\n' });
    const result = await runCli(['build', '--report-dir', out, context]);
    expect(result.exitCode).not.toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.build.status).toBe('failed');
    expect(report.findings).toEqual([]);
    expect(report.notes.map((n: { message: string }) => n.message)).toContain('the Dockerfile did not parse: no findings until it does');
  });

  test('a report directory on a full disk: exit 1 in one line naming it, and the earlier report left whole', async () => {
    // A small tmpfs of its own (CI runs as root), filled after a first report.
    const dir = mkdtempSync(join(tmpdir(), 'e2e-outputs-'));
    await execa('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir]);
    try {
      const out = join(dir, 'rep');
      const context = makeContext({ Dockerfile: DOCKERFILE });
      const first = await runCli(['build', '--report-dir', out, '--report-format', 'md', context]);
      expect(first.exitCode, first.stderr).toBe(0);
      const ref = readReport(out).build.ref as string;
      const before = contentsOf(out);
      // Room for a report.json like the first, not for the HTML page: written
      // one by one, the files would end up half new, half old.
      const { bavail, bsize } = statfsSync(dir);
      const room = Buffer.byteLength(before['report.json']!) + 16 * 1024;
      writeFileSync(join(dir, 'fill'), Buffer.alloc(Math.max(0, bavail * bsize - room)));

      // The build itself succeeds, but a CI job must not pass without its report.
      const build = await runCli(['build', '--report-dir', out, '--report-format', 'html,md,sarif', context]);
      const report = await runCli(['report', ref, '--report-dir', out, '--report-format', 'html,md,sarif']);
      for (const result of [build, report]) {
        expect(result.exitCode).toBe(1);
        const ours = result.stderr.split('\n').filter((line) => line.startsWith('buildlens: '));
        expect(ours.at(-1)).toMatch(new RegExp(`^buildlens: the report could not be written to ${out}: ENOSPC: no space left on device`));
        expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
        // Not one file of the earlier report was replaced, and no temp file is left.
        expect(contentsOf(out)).toEqual(before);
      }
    } finally {
      await execa('umount', [dir]);
    }
  });
});
