import { describe, expect, test } from 'vitest';
import { busyMs } from '../../src/assemble/busy-time.js';

// The union of intervals: what a stage's time is made of.

describe('busyMs', () => {
  test.each([
    ['nothing', [], 0],
    ['one interval', [[0, 100]], 100],
    ['apart: the gap between is not counted', [[0, 100], [3000, 3050]], 150],
    ['overlapping: counted once', [[0, 100], [50, 150]], 150],
    ['nested', [[0, 1000], [200, 300]], 1000],
    ['touching', [[0, 100], [100, 200]], 200],
    ['any order', [[3000, 3050], [0, 100], [50, 150]], 200],
    ['empty and reversed intervals count nothing', [[10, 10], [50, 20]], 0],
  ] as Array<[string, Array<[number, number]>, number]>)('%s', (_name, intervals, expected) => {
    expect(busyMs(intervals.map(([start, end]) => ({ start, end })))).toBe(expected);
  });
});
