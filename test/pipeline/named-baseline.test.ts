import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import type { Report } from '../../src/model/report.js';
import { openNamedBaseline } from '../../src/pipeline/named-baseline.js';
import { writeReportFiles } from '../../src/render/report-dir.js';
import { exportPath, liveReport, refOf } from '../record-file/support.js';
import { fixtureReport } from '../render/fixture.js';

// `build --baseline PREV`: a report directory, its report.json or a .dockerbuild,
// opened before buildx runs; anything else is one usage line naming the flag.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'buildlens-baseline-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function usageError(text: string): Promise<string> {
  const error = await openNamedBaseline(text).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UsageError);
  expect((error as UsageError).exitCode).toBe(2);
  expect((error as Error).message).not.toContain('\n');
  return (error as Error).message;
}

describe('openNamedBaseline', () => {
  test('a report.json and its directory read back as the report that was written', async () => {
    const report = fixtureReport();
    await writeReportFiles(join(dir, 'prev'), report, ['json']);
    const expected = JSON.parse(JSON.stringify(report)) as Report;
    expect(await (await openNamedBaseline(join(dir, 'prev', 'report.json'))).report()).toEqual(expected);
    expect(await (await openNamedBaseline(join(dir, 'prev'))).report()).toEqual(expected);
  });

  test('a .dockerbuild is a baseline too: its report and, for the cache comparison, its record and provenance', async () => {
    const named = await openNamedBaseline(exportPath('edit-before.dockerbuild'));
    const baseline = await named.finder()(liveReport('edit-after'), {} as never);
    if ('topic' in baseline) throw new Error(baseline.message);
    expect(baseline.ref).toBe(refOf('edit-before'));
    expect(baseline.record?.ref).toBe(refOf('edit-before'));
    expect(baseline.provenance?.definitions?.size).toBeGreaterThan(0);
    expect((await named.report()).steps.map((s) => s.line)).toEqual(liveReport('edit-before').steps.map((s) => s.line));
  });

  test('missing, not JSON, not a report, another schema version, not a record, a directory without report.json', async () => {
    expect(await usageError(join(dir, 'missing.json'))).toBe(
      `--baseline: ${join(dir, 'missing.json')}: no such file or directory (a SOURCE is a history ref, \`last\`, a .dockerbuild file or a report directory)`,
    );
    await writeFile(join(dir, 'cut.json'), JSON.stringify(fixtureReport()).slice(0, 200));
    expect(await usageError(join(dir, 'cut.json'))).toBe(`--baseline: ${join(dir, 'cut.json')} is not JSON`);
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'app' }));
    expect(await usageError(join(dir, 'package.json'))).toBe(
      `--baseline: ${join(dir, 'package.json')} is not a buildlens report.json: it has no schemaVersion`,
    );
    await writeFile(join(dir, 'v2.json'), JSON.stringify({ ...fixtureReport(), schemaVersion: 2 }));
    expect(await usageError(join(dir, 'v2.json'))).toBe(
      `--baseline: ${join(dir, 'v2.json')} has report schemaVersion 2, newer than this buildlens reads (1)`,
    );
    await writeFile(join(dir, 'notes.dockerbuild'), 'just text\n');
    expect(await usageError(join(dir, 'notes.dockerbuild'))).toMatch(/^--baseline: .*notes\.dockerbuild is not a build record file/);
    await mkdir(join(dir, 'empty'));
    expect(await usageError(join(dir, 'empty'))).toBe(
      `--baseline: ${join(dir, 'empty')} is not a buildlens report directory: it has no report.json`,
    );
  });

  test('a history ref is not a file', async () => {
    expect(await usageError('mm9d66i1jhqpvn4d12fp1icjz')).toBe(
      '--baseline: mm9d66i1jhqpvn4d12fp1icjz is not a file or directory (--baseline takes a report directory, a report.json or a .dockerbuild)',
    );
  });
});
