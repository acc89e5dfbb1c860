import { describe, expect, test } from 'vitest';
import { rerunWallTime } from '../../../src/analysis/cache/cost.js';
import type { CacheMiss, Step } from '../../../src/model/report.js';

// The cost of cache misses is wall time: parallel re-runs are counted once.

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

function step(id: string, start: number, end: number): Step {
  return { id, stage: 'app', instruction: 'RUN x', line: 1, endLine: 1, cached: false, durationMs: end - start, startedAt: at(start), completedAt: at(end) };
}

function missOf(s: Step): CacheMiss {
  return { line: s.line, endLine: s.endLine, step: s.id, instruction: s.instruction, cause: 'unknown', details: { reason: 'x' }, root: true, costMs: s.durationMs };
}

describe('rerunWallTime', () => {
  test('two stages re-running side by side cost the longer of the two, not the sum', () => {
    const steps = [step('a', 0, 30_000), step('b', 1_000, 20_000)];
    expect(rerunWallTime(steps.map(missOf), steps)).toBe(30_000);
  });

  test('steps one after another add up, and a gap between them is not charged', () => {
    const steps = [step('a', 0, 10_000), step('b', 15_000, 20_000)];
    expect(rerunWallTime(steps.map(missOf), steps)).toBe(15_000);
  });

  test('a miss without a cost (a new step) is not charged; a step without timestamps adds its duration', () => {
    const timed = step('a', 0, 10_000);
    const { startedAt: _started, completedAt: _completed, ...untimed } = step('b', 0, 4_000);
    const fresh = { ...missOf(step('c', 0, 50_000)) };
    delete fresh.costMs;
    expect(rerunWallTime([missOf(timed), missOf(untimed), fresh], [timed, untimed, step('c', 0, 50_000)])).toBe(14_000);
  });
});
