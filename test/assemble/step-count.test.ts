import { describe, expect, test } from 'vitest';
import { assembleBuild } from '../../src/assemble/assemble.js';
import { countsAsStep, stepTotals } from '../../src/assemble/step-count.js';
import { loadRecorded, recordedInput } from '../support/fixtures.js';

// One step count for every view: the report's cache totals and stage lines
// count what stepTotals counts over the same recorded vertices.

const RECORDED = ['multi-stage', 'cached-rebuild', 'failed-run', 'canceled-sibling', 'build-stage-longer', 'multi-platform'] as const;

async function assembled(name: (typeof RECORDED)[number]) {
  const recorded = await loadRecorded(name);
  const { report } = assembleBuild(recordedInput(recorded));
  return { recorded, report };
}

describe('stepTotals', () => {
  test("counts the Dockerfile instructions that ran, not FROM and not BuildKit's own vertices", async () => {
    const recorded = await loadRecorded('failed-run');
    // Two RUN lines: BuildKit's record says 6 (the Dockerfile, .dockerignore, metadata, FROM, both RUNs).
    expect(recorded.record.numTotalSteps).toBe(6);
    expect(stepTotals(recorded.progress.vertexes.values())).toEqual({ steps: 2, cached: 0 });
    const counted = [...recorded.progress.vertexes.values()].filter(countsAsStep).map((v) => v.name);
    expect(counted).toHaveLength(2);
    expect(counted.every((name) => /^\[\d\/3\] RUN /.test(name))).toBe(true);
  });

  test.each(RECORDED)('%s: the report counts the same steps and cached steps, in its totals and across its stages', async (name) => {
    const { recorded, report } = await assembled(name);
    const totals = stepTotals(recorded.progress.vertexes.values());
    expect(totals.steps).toBeGreaterThan(0);
    expect({ steps: report.cache.steps, cached: report.cache.cached }).toEqual(totals);
    expect(report.stages.reduce((sum, s) => sum + s.steps, 0)).toBe(totals.steps);
    expect(report.stages.reduce((sum, s) => sum + s.cachedSteps, 0)).toBe(totals.cached);
  });
});
