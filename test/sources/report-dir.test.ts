import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { reportFromSource } from '../../src/pipeline/report.js';
import { writeReportFiles } from '../../src/render/report-dir.js';
import { ReportDirError } from '../../src/report-dir/index.js';
import { reportDirSource } from '../../src/sources/report-dir.js';
import { liveReport } from '../record-file/support.js';

// A report directory as a source: the report as it was written, not assembled again.

const dir = mkdtempSync(join(tmpdir(), 'buildlens-report-dir-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reportDirSource', () => {
  test('the report comes back as written, its source now a report', async () => {
    const written = liveReport('edit-after');
    const out = join(dir, 'after');
    await writeReportFiles(out, written, ['json']);
    const source = await reportDirSource(out);
    expect(source.kind).toBe('report');
    const { report, evidence } = await reportFromSource(source, { measureLayers: true });
    expect(evidence.ref).toBe(written.build.ref);
    expect(report.source).toEqual({ kind: 'report' });
    expect(report.steps).toEqual(written.steps);
    expect(report.cacheMisses).toEqual(written.cacheMisses);
    expect(report.findings).toEqual(written.findings);
    expect(report.notes).toEqual(written.notes);
  });

  test('a directory without report.json is one line naming it (exit 2)', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const error = await reportDirSource(empty).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportDirError);
    expect((error as ReportDirError).exitCode).toBe(2);
    expect((error as Error).message).toBe(`${empty} is not a buildlens report directory: it has no report.json`);
  });
});
