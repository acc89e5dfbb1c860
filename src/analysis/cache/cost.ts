import type { CacheMiss, Step } from '../../model/report.js';

// What the cache misses of a build cost in wall time. Steps of parallel
// stages overlap: summing them would charge the same seconds twice, so the
// cost is the union of the re-run steps' [start, end] intervals — the time the
// build spent with at least one of them running. A step without timestamps
// adds its duration.

/** Wall time spent re-running steps that had been cached before. */
export function rerunWallTime(misses: CacheMiss[], steps: Step[]): number {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const intervals: Array<[number, number]> = [];
  let untimed = 0;
  for (const miss of misses) {
    if (miss.costMs === undefined) continue;
    const step = miss.step ? byId.get(miss.step) : undefined;
    const start = step?.startedAt ? Date.parse(step.startedAt) : NaN;
    const end = step?.completedAt ? Date.parse(step.completedAt) : NaN;
    if (Number.isFinite(start) && Number.isFinite(end) && end >= start) intervals.push([start, end]);
    else untimed += miss.costMs;
  }
  intervals.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let open: [number, number] | undefined;
  for (const [start, end] of intervals) {
    if (open && start <= open[1]) open[1] = Math.max(open[1], end);
    else {
      if (open) total += open[1] - open[0];
      open = [start, end];
    }
  }
  if (open) total += open[1] - open[0];
  return total + untimed;
}
