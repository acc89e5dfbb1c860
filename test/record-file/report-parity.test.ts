import { describe, expect, test } from 'vitest';
import { recordStepTotals } from '../../src/pipeline/step-totals.js';
import { historyRow } from '../../src/render/history.js';
import type { Report } from '../../src/model/report.js';
import { reportFromSource } from '../../src/pipeline/report.js';
import { historySource } from '../../src/sources/history.js';
import { openRecordFile } from '../../src/record-file/index.js';
import { exportPath, liveHistoryRows, liveReport, refOf, SCENARIOS, type Scenario } from './support.js';

// A build read back from its `.dockerbuild` export gives the report the
// builder's live history gave for the same build: same steps, lines, cached
// flags, times, stages, critical path and failure. Layer contents are not in
// an export, so layers are compared by descriptor only.

function withoutLayerFacts(report: Report) {
  return {
    build: report.build,
    cache: report.cache,
    stages: report.stages,
    steps: report.steps.map(({ layer, ...step }) => ({ ...step, layerDigest: layer?.digest })),
    internalSteps: report.internalSteps,
    criticalPath: report.criticalPath,
    imageLayers: report.image?.layers.map((l) => ({ digest: l.digest, size: l.size, line: l.line, base: l.base, step: l.step })),
  };
}

async function reportFromFile(file: string, scenario: Scenario): Promise<Report> {
  const live = liveReport(scenario);
  const records = await openRecordFile(exportPath(file));
  const ref = records.select(refOf(scenario)).ref;
  const builder = { name: live.build.builder, driver: live.build.driver, ...(live.build.node ? { node: live.build.node } : {}) };
  const built = await reportFromSource(historySource(records, builder, ref), { measureLayers: false });
  return built.report;
}

describe('a .dockerbuild export reports as the live history did', () => {
  test.each(SCENARIOS)('%s', async (scenario) => {
    const report = await reportFromFile(`${scenario}.dockerbuild`, scenario);
    expect(report.steps.length).toBeGreaterThan(2);
    expect(withoutLayerFacts(report)).toEqual(withoutLayerFacts(liveReport(scenario)));
  });

  test.each(['edit-before', 'edit-after'] as const)('%s picked by ref out of the two-record file', async (scenario) => {
    const report = await reportFromFile('edit-both.dockerbuild', scenario);
    expect(withoutLayerFacts(report)).toEqual(withoutLayerFacts(liveReport(scenario)));
  });

  test('the source edit shows: the COPY of src and what follows missed, the rest was cached', async () => {
    const report = await reportFromFile('edit-after.dockerbuild', 'edit-after');
    const work = report.steps.filter((s) => !s.instruction.startsWith('FROM'));
    expect(work.filter((s) => !s.cached).map((s) => s.instruction)).toEqual(['COPY src ./src', 'RUN echo "$GREETING" > /greet && cat src/*.js > bundle.js']);
    expect(work.filter((s) => s.cached).length).toBe(4);
  });

  test('the failed build names its RUN line and exit code', async () => {
    const report = await reportFromFile('failed-run.dockerbuild', 'failed-run');
    expect(report.build.status).toBe('failed');
    expect(report.build.error?.line).toBe(3);
    expect(report.build.error?.endLine).toBe(4);
    expect(report.build.error?.message).toMatch(/exit code: 7$/);
  });

  test('a build-arg value in the record never reaches the report', async () => {
    const report = await reportFromFile('success.dockerbuild', 'success');
    expect(JSON.stringify(report)).not.toContain('fixture-greeting');
  });

  test('records convert to the rows `buildlens history` listed live, steps counted as the live report counted them', async () => {
    const rows = [];
    for (const scenario of SCENARIOS) {
      const file = await openRecordFile(exportPath(`${scenario}.dockerbuild`));
      const { record } = file.select(refOf(scenario));
      const row = historyRow(record, await recordStepTotals(file, record));
      expect({ steps: row.steps, cached: row.cachedSteps }).toEqual({ steps: liveReport(scenario).cache.steps, cached: liveReport(scenario).cache.cached });
      rows.push(row);
    }
    const live = liveHistoryRows();
    expect(live).toHaveLength(SCENARIOS.length);
    expect(rows.sort((a, b) => a.ref.localeCompare(b.ref))).toEqual([...live].sort((a, b) => String(a.ref).localeCompare(String(b.ref))));
  });
});
