import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { buildxBuild, makeContext, readReport, runCli } from './support/index.js';

// `last` on a builder others share: the newest build buildlens ran for this
// directory comes first, then the builder's newest; one line on stderr says
// which was taken. "Someone else" here is a plain buildx build of another
// directory, made after ours.

const work = mkdtempSync(join(tmpdir(), 'e2e-last-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { BUILDLENS_STATE_DIR: join(work, 'state') };

const dockerfile = (nonce: string) => `FROM buildlens-fixture/busybox:1\nRUN echo ${nonce} > /made-by\n`;

describe('`last` on a shared builder', () => {
  test("report, why and diff take this directory's build over a newer one made elsewhere, and say which", async () => {
    const mine = makeContext({ Dockerfile: dockerfile(`mine-${Date.now()}`) });
    const out = join(work, 'mine-report');
    const built = await runCli(['build', '--report-dir', out, '.'], { cwd: mine, env });
    expect(built.exitCode, built.stderr).toBe(0);
    const mineRef = readReport(out).build.ref as string;
    const theirs = await buildxBuild([makeContext({ Dockerfile: dockerfile(`theirs-${Date.now()}`) })]);
    expect(theirs.exitCode, theirs.stderr).toBe(0);
    expect(theirs.ref).not.toBe(mineRef);

    const report = await runCli(['report', 'last', '--json'], { cwd: mine, env });
    expect(report.exitCode, report.stderr).toBe(0);
    expect(JSON.parse(report.stdout).build.ref).toBe(mineRef);
    expect(report.stderr).toMatch(new RegExp(`^buildlens: last: ${mineRef}, this directory's newest build \\(Dockerfile, started \\d+[sm] ago\\)$`, 'm'));

    const why = await runCli(['why', 'last', '--json'], { cwd: mine, env });
    expect(why.exitCode, why.stderr).toBe(0);
    expect(JSON.parse(why.stdout).ref).toBe(mineRef);
    expect(why.stderr).toContain(`buildlens: last: ${mineRef}, this directory's newest build (Dockerfile, `);

    const diff = await runCli(['diff', 'last', theirs.ref ?? '', '--json'], { cwd: mine, env });
    expect(diff.exitCode, diff.stderr).toBe(0);
    expect(diff.stdout).toContain(`last (${mineRef})`);
    expect(diff.stderr.match(/buildlens: last: /g)).toHaveLength(1);
    expect(diff.stderr).toContain(`buildlens: last: ${mineRef}, this directory's newest build`);
  });

  test("in a directory buildlens never built, `last` is the builder's newest build, and the line says none was recorded here", async () => {
    const elsewhere = makeContext({ 'README.md': 'no builds here' });
    const report = await runCli(['report', 'last', '--json'], { cwd: elsewhere, env });
    expect(report.exitCode, report.stderr).toBe(0);
    const ref = JSON.parse(report.stdout).build.ref as string;
    expect(report.stderr).toContain(`buildlens: last: ${ref}, the builder's newest build; none recorded for this directory`);
  });

  test('--quiet says nothing of it', async () => {
    const result = await runCli(['report', 'last', '--quiet'], { cwd: work, env });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
  });
});
