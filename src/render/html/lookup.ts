import type { Finding, Report, Step } from '../../model/report.js';

// Lookups the HTML views share, so the timeline, layer and Dockerfile views
// agree on what "critical" or "the step at line N" means.

/** Whether a step is on the critical path (the step's flag or the report's list). */
export function isCritical(report: Report, step: Step): boolean {
  return step.criticalPath === true || (report.criticalPath?.includes(step.id) ?? false);
}

/** The steps whose line range covers `line` (several in multi-platform builds). */
export function stepsAt(report: Report, line: number): Step[] {
  return report.steps.filter((s) => s.line <= line && line <= Math.max(s.line, s.endLine));
}

/** Index of each finding in the findings list, by the first line it points at. */
export function findingsByLine(report: Report): Map<number, Array<{ finding: Finding; index: number }>> {
  const out = new Map<number, Array<{ finding: Finding; index: number }>>();
  report.findings.forEach((finding, index) => {
    const owner = stepsAt(report, finding.line)[0]?.line ?? finding.line;
    const list = out.get(owner) ?? [];
    list.push({ finding, index });
    out.set(owner, list);
  });
  return out;
}

/** Milliseconds since the epoch, or undefined for a missing or unparseable time. */
export function epoch(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : undefined;
}

/** A step's start and end, when BuildKit recorded when it started. */
export function stepTimes(step: Step): { start: number; end: number } | undefined {
  const start = epoch(step.startedAt);
  if (start === undefined) return undefined;
  const end = epoch(step.completedAt) ?? start + step.durationMs;
  return { start, end: Math.max(start, end) };
}

/** Percent of a whole, clamped to [0, 100] and rounded for compact markup. */
export function pct(part: number, whole: number): string {
  const value = whole > 0 ? Math.min(100, Math.max(0, (part / whole) * 100)) : 0;
  return `${Number(value.toFixed(3))}%`;
}
