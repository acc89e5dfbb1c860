import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BuildlensError } from '../../src/core/errors.js';
import { writeReportFiles } from '../../src/render/report-dir.js';
import { readReportDir, ReportDirError, type ReportDirProblem } from '../../src/report-dir/index.js';
import { liveReport } from '../record-file/support.js';

// A report directory read back gives the report it was written from; bad
// input gives one typed line.

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'buildlens-report-dir-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function problemOf(path: string): Promise<{ problem: ReportDirProblem; message: string }> {
  const error = await readReportDir(path).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ReportDirError);
  expect(error).toBeInstanceOf(BuildlensError);
  const typed = error as ReportDirError;
  expect(typed.exitCode).toBe(2);
  expect(typed.message).not.toContain('\n');
  return { problem: typed.problem, message: typed.message };
}

function writeJson(name: string, json: unknown): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof json === 'string' ? json : JSON.stringify(json));
  return path;
}

describe('readReportDir', () => {
  test('a directory written by --report-dir, or its report.json, reads back as written', async () => {
    const report = liveReport('edit-after');
    const out = join(dir, 'written');
    await writeReportFiles(out, report, ['json', 'md']);
    const fromDir = await readReportDir(out);
    expect(fromDir.report).toEqual(report);
    expect(fromDir.reportPath).toBe(join(out, 'report.json'));
    expect(fromDir.cacheInputs).toBeUndefined();
    expect(fromDir.notes).toEqual([]);
    expect((await readReportDir(join(out, 'report.json'))).report).toEqual(report);
  });

  test('fields added by a later schema-1 writer are ignored', async () => {
    const report = { ...liveReport('success'), futureSection: { anything: true } };
    const read = await readReportDir(writeJson('future/report.json', report));
    expect(read.report).toEqual(liveReport('success'));
  });

  test('missing, empty directory, not JSON, not a report, newer schema, schema mismatch', async () => {
    expect(await problemOf(join(dir, 'nowhere'))).toEqual({ problem: 'unreadable', message: `cannot read report ${join(dir, 'nowhere')}: no such file or directory` });
    mkdirSync(join(dir, 'empty'));
    expect(await problemOf(join(dir, 'empty'))).toMatchObject({ problem: 'not-a-report', message: expect.stringMatching(/it has no report\.json$/) });
    expect(await problemOf(writeJson('text/report.json', 'FROM scratch\n'))).toMatchObject({ problem: 'invalid', message: expect.stringMatching(/is not JSON/) });
    expect(await problemOf(writeJson('other/report.json', { name: 'package' }))).toMatchObject({ problem: 'not-a-report', message: expect.stringMatching(/has no schemaVersion$/) });
    expect(await problemOf(writeJson('v2/report.json', { ...liveReport('success'), schemaVersion: 2 }))).toMatchObject({ problem: 'newer-schema', message: expect.stringMatching(/schemaVersion 2, newer than this buildlens reads \(1\)$/) });
    const broken = liveReport('success');
    const first = broken.steps[0];
    if (!first) throw new Error('fixture without steps');
    first.line = 0;
    expect(await problemOf(writeJson('broken/report.json', broken))).toMatchObject({ problem: 'invalid', message: expect.stringContaining('does not match report schema v1 at steps.0.line') });
  });

  test('a damaged or foreign cache-inputs.json becomes a note, the report still reads', async () => {
    const out = join(dir, 'with-bad-inputs');
    await writeReportFiles(out, liveReport('success'), ['json']);
    writeFileSync(join(out, 'cache-inputs.json'), '{"version":1');
    const damaged = await readReportDir(out);
    expect(damaged.cacheInputs).toBeUndefined();
    expect(damaged.notes.map((n) => n.message)).toEqual([`${join(out, 'cache-inputs.json')} ignored: it is not JSON`]);
    const other = JSON.parse(readFileSync(new URL('../fixtures/dockerbuild/refs.json', import.meta.url), 'utf8')) as Record<string, string>;
    writeFileSync(join(out, 'cache-inputs.json'), JSON.stringify({ version: 1, ref: other['edit-after'], keyId: `hmac-sha256:${'0'.repeat(64)}`, buildArgs: {}, noCache: false, noCacheFilter: [], copies: [], files: [], filesComplete: false }));
    expect((await readReportDir(out)).notes.map((n) => n.message)).toEqual([expect.stringContaining(`belongs to build ${other['edit-after']}`)]);
  });
});
