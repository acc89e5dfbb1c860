import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { filesUnder, makeContext, readReport, runCli, uniqueTag } from './support/index.js';

// A `--secret` copied into the image (`cp /run/secrets/s /x`) is found by its
// content (BL016) at the line that copied it, and the secret's value shows
// nowhere: not in the report directory, the state directory, stdout or
// stderr. The builder stage's step is labelled "not in the final image".

const work = mkdtempSync(join(tmpdir(), 'e2e-secret-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const DOCKERFILE = (nonce: string) => `FROM buildlens-fixture/busybox:1 AS tools
RUN echo tools-${nonce} > /tools.txt

FROM buildlens-fixture/busybox:1
COPY --from=tools /tools.txt /tools.txt
RUN --mount=type=secret,id=s cp /run/secrets/s /x && echo ${nonce}
RUN echo done > /done
`;

describe('a build secret copied into the image', () => {
  test('is a BL016 error at the RUN that copied it, and its value is in no output and no file', async () => {
    const value = `s3cr3t-${randomBytes(24).toString('hex')}`;
    const secretFile = join(work, 'secret.txt');
    writeFileSync(secretFile, value);
    const context = makeContext({ Dockerfile: DOCKERFILE(`${Date.now()}`) });
    const out = join(work, 'report');
    const state = join(work, 'state');
    const result = await runCli(
      ['build', '--secret', `id=s,src=${secretFile}`, '-t', uniqueTag('secret-copy'), '--load', '--report-dir', out, '--report-format', 'json,md,sarif,html,gitlab', context],
      { env: { BUILDLENS_STATE_DIR: state } },
    );
    expect(result.exitCode, result.stderr).toBe(0);

    const report = readReport(out);
    const copied = report.findings.filter((f: any) => f.rule === 'BL016');
    expect(copied).toHaveLength(1);
    expect(copied[0]).toMatchObject({ severity: 'error', line: 6, endLine: 6, evidence: { secret: 's', paths: ['/x'] } });
    expect(copied[0].message).toMatch(/^the secret `s` is copied into the image at \/x/);
    expect(result.stderr).toContain('BL016');

    // The value, and its hash, are nowhere.
    const hash = createHash('sha256').update(value).digest('hex');
    const texts = [result.stdout, result.stderr, ...filesUnder(out).map((f) => readFileSync(f, 'latin1'))];
    for (const file of filesUnder(state)) texts.push(readFileSync(file, 'latin1'));
    expect(filesUnder(out).length).toBeGreaterThanOrEqual(5);
    for (const text of texts) {
      expect(text).not.toContain(value);
      expect(text).not.toContain(hash);
    }
  });

  test("with BL016's advice applied (the secret used where it is mounted, nothing copied), the same build has no BL016", async () => {
    const value = `s3cr3t-${randomBytes(24).toString('hex')}`;
    const secretFile = join(work, 'used-secret.txt');
    writeFileSync(secretFile, value);
    const fixed = DOCKERFILE(`${Date.now()}-fixed`).replace('cp /run/secrets/s /x', 'wc -c /run/secrets/s > /x');
    const context = makeContext({ Dockerfile: fixed });
    const out = join(work, 'report-fixed');
    const result = await runCli(['build', '--secret', `id=s,src=${secretFile}`, '-t', uniqueTag('secret-used'), '--load', '--report-dir', out, context]);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = readReport(out);
    // The image still has /x (the secret's length): only the secret's own bytes are looked for.
    expect(report.findings.filter((f: any) => f.rule === 'BL016')).toEqual([]);
    expect(report.steps.find((s: any) => s.line === 6)?.layer).toBeDefined();
  });

  test('the builder stage\'s step says "not in the final image" in report.json, report.md and report.html', async () => {
    const context = makeContext({ Dockerfile: DOCKERFILE(`${Date.now()}-b`) });
    const secretFile = join(work, 'other-secret.txt');
    writeFileSync(secretFile, `another-${randomBytes(16).toString('hex')}`);
    const out = join(work, 'report-b');
    const result = await runCli(['build', '--secret', `id=s,src=${secretFile}`, '-t', uniqueTag('secret-copy'), '--load', '--report-dir', out, '--report-format', 'md,html', context]);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = readReport(out);
    const tools = report.steps.find((s: any) => s.line === 2);
    expect(tools).toMatchObject({ stage: 'tools', inFinalImage: false });
    expect(tools.layer).toBeUndefined();
    expect(report.steps.filter((s: any) => s.stage !== 'tools').every((s: any) => s.inFinalImage === undefined)).toBe(true);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/\| line 2 \| `RUN echo tools-\S+ > \/tools\.txt` \| not in the final image \|/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/id="L2"[^]*?data-testid="not-in-image"/);
  });
});
