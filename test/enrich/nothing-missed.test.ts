import { describe, expect, test } from 'vitest';
import { nothingMissed } from '../../src/enrich/cache-compare.js';
import { assembleBuild } from '../../src/assemble/assemble.js';
import { makeRedactor } from '../../src/core/redact.js';
import { loadRecorded, type RecordedBuild } from '../support/fixtures.js';

function reportOf(recorded: RecordedBuild) {
  return assembleBuild({
    builder: { name: 'default', driver: 'docker' },
    ref: recorded.record.ref,
    dockerfilePath: 'Dockerfile',
    platforms: [],
    exitCode: 0,
    record: recorded.record,
    vertexes: recorded.progress.vertexes,
    redact: makeRedactor([]),
    toolVersion: 'test',
    ...(recorded.provenance ? { provenance: recorded.provenance } : {}),
  }).report;
}

// Whether a build needs comparing with the previous one: recorded engine builds.
describe('nothingMissed', () => {
  test('a cached rebuild from local base images has nothing to explain, though BuildKit never marks their FROM cached', async () => {
    const report = reportOf(await loadRecorded('cached-rebuild'));
    expect(report.steps.some((s) => s.baseImage !== undefined && !s.cached)).toBe(true);
    expect(nothingMissed(report)).toBe(true);
  });

  test('a build that re-ran steps has misses to explain', async () => {
    expect(nothingMissed(reportOf(await loadRecorded('multi-stage')))).toBe(false);
  });

  test('a stage that is nothing but an uncached FROM leaves its base image in doubt', async () => {
    const report = reportOf(await loadRecorded('cached-rebuild'));
    const base = report.steps.find((s) => s.baseImage !== undefined && !s.cached);
    expect(base).toBeDefined();
    report.steps = report.steps.filter((s) => s.stage !== base?.stage || s === base);
    expect(nothingMissed(report)).toBe(false);
  });
});
