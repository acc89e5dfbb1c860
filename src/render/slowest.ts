import type { InternalStep, Report, Step } from '../model/report.js';

// The slowest-steps list the terminal summary and report.md share: the
// Dockerfile steps that ran, and BuildKit's own work (exporting the image,
// sending the context, resolving bases) when it took a second or more:
// "exporting to image 22.4s" must not hide behind a build whose steps took 13 s.

/** One row: a Dockerfile step, or a step of BuildKit's own. */
export type SlowRow = { ms: number; step: Step; internal?: undefined } | { ms: number; internal: InternalStep; step?: undefined };

const INTERNAL_MIN_MS = 1000;

/** The `limit` slowest rows, slowest first. */
export function slowestRows(report: Report, limit: number): SlowRow[] {
  const rows: SlowRow[] = [
    ...report.steps.filter((s) => !s.cached && s.durationMs > 0).map((step) => ({ ms: step.durationMs, step })),
    ...(report.internalSteps ?? [])
      .filter((s) => !s.cached && s.durationMs >= INTERNAL_MIN_MS)
      .map((internal) => ({ ms: internal.durationMs, internal })),
  ];
  return rows.sort((a, b) => b.ms - a.ms).slice(0, limit);
}

/** What the per-step views show in place of a layer size for a step of a builder stage. */
export const NOT_IN_FINAL_IMAGE = 'not in the final image';
