import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { buildSpecOf, diffSide } from '../../src/pipeline/diff-side.js';
import { writeReportFiles } from '../../src/render/report-dir.js';
import { exportPath, liveReport, refOf } from '../record-file/support.js';

// `buildlens diff` sides that are builds kept as files: an exported record and a report directory, read with no builder.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'buildlens-diff-side-'));
  // No engine to borrow layers from: what a file alone gives.
  vi.stubEnv('BUILDLENS_CONTENT_DIR', '');
  vi.stubEnv('DOCKER_HOST', 'unix:///nonexistent/docker.sock');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe('diffSide', () => {
  test('a report directory and its report.json are builds, read back as written', async () => {
    const out = join(dir, 'previous');
    await writeReportFiles(out, liveReport('edit-before'), ['json']);
    expect(buildSpecOf(out)?.kind).toBe('report');
    expect(buildSpecOf(join(out, 'report.json'))?.kind).toBe('report');
    expect(buildSpecOf('docker-archive:' + join(out, 'report.json'))).toBeUndefined();
    const side = await diffSide(out, {});
    expect(side.report.build.ref).toBe(refOf('edit-before'));
    expect(side.report.steps).toEqual(liveReport('edit-before').steps);
  });

  test('an exported record is a build too; with no engine holding its layers, it has no file list', async () => {
    const side = await diffSide(exportPath('edit-after.dockerbuild'), {});
    expect(side.report.build.ref).toBe(refOf('edit-after'));
    expect(side.files).toBeUndefined();
  });
});
