// How long a group of steps kept the builder busy: the union of their own
// intervals. A stage that COPY --from a slow stage starts its FROM early and
// its COPY late; first-start-to-last-end would count the wait as its own time.

/** One step's interval, in milliseconds since the epoch. */
export interface Interval {
  start: number;
  end: number;
}

/** Milliseconds covered by at least one interval (overlaps counted once). */
export function busyMs(intervals: readonly Interval[]): number {
  const sorted = intervals
    .filter((i) => Number.isFinite(i.start) && Number.isFinite(i.end) && i.end > i.start)
    .sort((a, b) => a.start - b.start);
  let total = 0;
  let open: Interval | undefined;
  for (const interval of sorted) {
    if (open && interval.start <= open.end) open.end = Math.max(open.end, interval.end);
    else {
      if (open) total += open.end - open.start;
      open = { ...interval };
    }
  }
  return open ? total + open.end - open.start : total;
}
