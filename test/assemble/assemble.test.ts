import { describe, expect, test } from 'vitest';
import { assembleBuild } from '../../src/assemble/assemble.js';
import { makeRedactor } from '../../src/core/redact.js';
import { reportSchema } from '../../src/model/report.js';
import { loadRecorded, recordedInput } from '../support/fixtures.js';

const input = recordedInput;

describe('model assembly from a recorded multi-stage build', () => {
  test('every step carries the line range of its instruction and its own stage', async () => {
    const recorded = await loadRecorded('multi-stage');
    const { report } = assembleBuild(input(recorded));
    const lines = recorded.dockerfile.split('\n');
    expect(report.steps.map((s) => [s.line, s.endLine, s.stage])).toEqual([
      [1, 1, 'deps'],
      [2, 2, 'deps'],
      [3, 3, 'deps'],
      [4, 4, 'deps'],
      [8, 8, 'build'],
      [9, 9, 'build'],
      [10, 11, 'build'],
      [12, 12, 'build'],
      [15, 15, 'stage-2'],
      [17, 17, 'stage-2'],
    ]);
    for (const step of report.steps) expect(step.instruction.split('\n')[0]).toBe(lines[step.line - 1]?.trim());
    expect(reportSchema().safeParse(report).success).toBe(true);
  });

  test('cache flags and durations are what the engine recorded', async () => {
    // Recorded with a fresh package.json: the deps stage re-ran, and the build
    // stage hit the cache because what it copied had the same content as before.
    const { report } = assembleBuild(input(await loadRecorded('multi-stage')));
    const cachedByLine = Object.fromEntries(report.steps.map((s) => [s.line, s.cached]));
    expect(cachedByLine).toMatchObject({ 2: true, 3: false, 4: false, 8: true, 9: true, 10: true, 12: true, 15: true, 17: true });
    expect(report.cache).toEqual({ steps: 9, cached: 7, ratio: 7 / 9 });
    expect(report.steps.find((s) => s.line === 4)?.durationMs).toBeGreaterThan(100);
    expect(report.steps.find((s) => s.line === 10)?.durationMs).toBe(0);
    expect(report.stages.map((s) => [s.name, s.cachedSteps, s.steps])).toEqual([
      ['deps', 1, 3],
      ['build', 4, 4],
      ['stage-2', 2, 2],
    ]);
  });

  test('the critical path ends at the step that finished last and walks back through the deps stage', async () => {
    const { report } = assembleBuild(input(await loadRecorded('multi-stage')));
    const path = report.criticalPath ?? [];
    const linesOnPath = path.map((id) => report.steps.find((s) => s.id === id)?.line);
    expect(linesOnPath[linesOnPath.length - 1]).toBe(17);
    expect(linesOnPath).toContain(4);
    expect(report.steps.filter((s) => s.criticalPath).length).toBe(path.length);
  });

  test('build-arg values interpolated into vertex names never reach the report', async () => {
    const recorded = await loadRecorded('multi-stage');
    expect(recorded.logs.includes('recorded-secret-value')).toBe(true);
    const { report } = assembleBuild(input(recorded, { redact: makeRedactor(['recorded-secret-value']) }));
    expect(JSON.stringify(report)).not.toContain('recorded-secret-value');
  });

  test('a cached rebuild is reported fully cached', async () => {
    const { report } = assembleBuild(input(await loadRecorded('cached-rebuild')));
    expect(report.cache.steps).toBeGreaterThan(5);
    expect(report.cache.ratio).toBe(1);
    expect(report.steps.filter((s) => !s.instruction.startsWith('FROM')).every((s) => s.cached && s.durationMs === 0)).toBe(true);
  });
});

describe('model assembly of a recorded failed build (no provenance)', () => {
  test('the failing RUN is reported at its lines with the error and its log tail', async () => {
    const recorded = await loadRecorded('failed-run');
    expect(recorded.provenance).toBeUndefined();
    const { report } = assembleBuild(input(recorded));
    expect(report.build.status).toBe('failed');
    expect(report.build.error?.line).toBe(3);
    expect(report.build.error?.endLine).toBe(4);
    expect(report.build.error?.message).toMatch(/exit code: 7/);
    expect(report.build.error?.logTail.join('\n')).toContain('about to fail');
    const failed = report.steps.find((s) => s.error);
    expect(failed?.line).toBe(3);
    expect(report.steps.find((s) => s.line === 2)?.instruction).toMatch(/^RUN echo preparing/);
  });
});

describe('model assembly of a recorded multi-platform build', () => {
  test('steps keep their platform and lines for both platforms', async () => {
    const recorded = await loadRecorded('multi-platform');
    const { report } = assembleBuild(input(recorded, { platforms: ['linux/amd64', 'linux/arm64'] }));
    // Identical ops of both platforms are one vertex, named after one platform.
    expect(report.steps.every((s) => s.platform === 'linux/amd64' || s.platform === 'linux/arm64')).toBe(true);
    expect(report.stages.every((s) => s.platform !== undefined)).toBe(true);
    const copyA = report.steps.filter((s) => s.line === 5);
    expect(copyA.length).toBeGreaterThan(0);
    expect(copyA.every((s) => s.instruction === 'COPY a.txt /a.txt')).toBe(true);
    expect(report.internalSteps?.some((s) => s.kind === 'context')).toBe(true);
    expect(report.steps.every((s) => !s.instruction.startsWith('[internal'))).toBe(true);
  });
});

describe('model assembly of a recorded build whose failing stage canceled a parallel one', () => {
  test("the canceled step is marked canceled, carries no error, and the build error is the failing step's", async () => {
    const recorded = await loadRecorded('canceled-sibling');
    const { report } = assembleBuild(input(recorded));
    const slow = report.steps.find((s) => s.line === 2);
    const broken = report.steps.find((s) => s.line === 6);
    // BuildKit ended the sleeping RUN with "...: exit code: 137: context canceled: context canceled".
    expect(recorded.progress.vertexes.get(slow?.vertex ?? '')?.error).toMatch(/context canceled$/);
    expect(slow).toMatchObject({ stage: 'slow', canceled: true });
    expect(slow).not.toHaveProperty('error');
    expect(broken?.error).toMatch(/exit code: 3$/);
    expect(broken).not.toHaveProperty('canceled');
    expect(report.build.status).toBe('failed');
    expect(report.build.error).toMatchObject({ line: 6, endLine: 6, step: broken?.id });
    expect(reportSchema().safeParse(report).success).toBe(true);
  });

  test("the report carries the Dockerfile's lines, its comment included, when the build had them", async () => {
    const recorded = await loadRecorded('canceled-sibling');
    const { report } = assembleBuild(input(recorded));
    expect(report.dockerfileLines).toEqual(recorded.dockerfile.split('\n'));
    expect(report.dockerfileLines?.[7]).toBe('# the final stage takes both');
  });
});

describe("builder stages and BuildKit's own steps", () => {
  test("steps of stages the final image is not built from are marked inFinalImage: false, the final stage's are not", async () => {
    const { report } = assembleBuild(input(await loadRecorded('multi-stage')));
    const marked = Object.fromEntries(
      report.stages.map((s) => [s.name, report.steps.filter((st) => st.stage === s.name).map((st) => st.inFinalImage)]),
    );
    expect(marked).toEqual({ deps: [false, false, false, false], build: [false, false, false, false], 'stage-2': [undefined, undefined] });
  });

  test('with a target, the stages the target is not built from are the builder stages', async () => {
    const { report } = assembleBuild(input(await loadRecorded('multi-stage'), { target: 'build' }));
    const outside = [...new Set(report.steps.filter((s) => s.inFinalImage === false).map((s) => s.stage))];
    expect(outside).toEqual(['deps', 'stage-2']);
  });

  test("BuildKit's own steps carry when they ran, so the timeline can place them", async () => {
    const recorded = await loadRecorded('multi-stage');
    const { report } = assembleBuild(input(recorded));
    const exporting = report.internalSteps?.find((s) => s.kind === 'export');
    expect(exporting).toMatchObject({
      name: 'exporting to image',
      startedAt: '2026-11-23T07:41:01.364Z',
      completedAt: '2026-11-23T07:41:01.400Z',
      durationMs: 36,
    });
    expect(report.internalSteps?.every((s) => s.startedAt !== undefined && s.completedAt !== undefined)).toBe(true);
  });
});

describe('stage times of a recorded build where one stage waits for another', () => {
  // stage-waits: the final stage's RUN on line 5 runs at once, its COPY --from=slow
  // on line 6 waits for the slow stage's 3 s RUN, then line 7 runs.
  test("a stage's time is the time its own steps ran, not the wait for the stage it copies from", async () => {
    const { report } = assembleBuild(input(await loadRecorded('stage-waits')));
    const time = Object.fromEntries(report.stages.map((s) => [s.name, s.durationMs]));
    const own = report.steps.filter((s) => s.stage === 'stage-1');
    const at = (line: number, end: 'startedAt' | 'completedAt') => Date.parse(report.steps.find((s) => s.line === line)?.[end] ?? '');
    // The wait is real: the COPY started when the slow RUN ended, 3 s after line 5 began.
    expect(at(6, 'startedAt')).toBeGreaterThanOrEqual(at(2, 'completedAt'));
    expect(at(6, 'startedAt') - at(5, 'startedAt')).toBeGreaterThan(3000);
    // Its own steps did not overlap: its time is their sum, well under the slow stage's.
    expect(time['stage-1']).toBe(own.reduce((sum, s) => sum + s.durationMs, 0));
    expect(time).toEqual({ slow: 3887, 'stage-1': 1426 });
    expect(time['stage-1']).toBeLessThan(at(7, 'completedAt') - at(5, 'startedAt') - 3000);
  });
});
