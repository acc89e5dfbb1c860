import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { reportSchema } from '../../src/model/report.js';
import { UnknownReportFormatError, writeReportFiles } from '../../src/render/report-dir.js';
import { fixtureReport } from './fixture.js';

// The report directory: report.json always, other formats on request, nothing half-written.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'buildlens-json-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeReportFiles', () => {
  test('writes report.json even when no format is asked for, and it reads back as a valid v1 report', async () => {
    const written = await writeReportFiles(join(dir, 'out'), fixtureReport(), []);
    expect(written).toEqual([join(dir, 'out', 'report.json')]);
    const back = reportSchema().parse(JSON.parse(await readFile(written[0] ?? '', 'utf8')));
    expect(back.findings.map((f) => f.rule)).toContain('BL009');
  });

  test('writes each requested format under its file name, the SARIF pointing at the Dockerfile path given', async () => {
    const written = await writeReportFiles(dir, fixtureReport(), ['md', 'sarif', 'json', 'txt'], { dockerfileUri: 'services/api/Dockerfile' });
    expect(written.map((p) => p.slice(dir.length + 1))).toEqual(['report.json', 'report.md', 'report.sarif', 'report.txt']);
    const sarif: unknown = JSON.parse(await readFile(join(dir, 'report.sarif'), 'utf8'));
    expect(JSON.stringify(sarif)).toContain('"uri":"services/api/Dockerfile"');
    expect(await readFile(join(dir, 'report.md'), 'utf8')).toMatch(/^## ✅ buildlens/);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('an extra renderer (html) is written through opts.renderers', async () => {
    await writeReportFiles(dir, fixtureReport(), ['html'], { renderers: { html: { file: 'report.html', render: (r) => `<p>${r.build.ref}</p>` } } });
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toBe('<p>testref</p>');
  });

  test('a report that breaks the schema is refused before any file is written', async () => {
    const broken = fixtureReport();
    broken.cache.ratio = 3;
    await expect(writeReportFiles(dir, broken, ['md'])).rejects.toThrow(/cache\.ratio/);
    expect(await readdir(dir)).toEqual([]);
  });

  test('an unknown format is a typed error and nothing is written', async () => {
    await expect(writeReportFiles(dir, fixtureReport(), ['pdf'])).rejects.toBeInstanceOf(UnknownReportFormatError);
    expect(await readdir(dir)).toEqual([]);
  });

  test('rewriting replaces the previous report.json whole', async () => {
    await writeReportFiles(dir, fixtureReport(), []);
    const second = fixtureReport();
    second.build.ref = 'second';
    await writeReportFiles(dir, second, []);
    expect(JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'))).toMatchObject({ build: { ref: 'second' } });
  });

  test('a format the previous run wrote and this one did not is removed: the directory holds one build', async () => {
    const html = { html: { file: 'report.html', render: (r: { build: { ref: string } }) => `<p>${r.build.ref}</p>` } };
    await writeReportFiles(dir, fixtureReport(), ['md', 'sarif', 'html'], { renderers: html });
    const second = fixtureReport();
    second.build.ref = 'second';
    await writeFile(join(dir, 'notes.txt'), 'the user\'s own file');
    await writeReportFiles(dir, second, ['md'], { renderers: html });
    expect((await readdir(dir)).sort()).toEqual(['notes.txt', 'report.json', 'report.md']);
  });
});
