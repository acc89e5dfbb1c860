import type { StepTotals } from '../assemble/step-count.js';
import type { HistoryRecord } from '../buildkit/types.js';
import { duration } from '../core/format.js';

// `buildlens history` as rows and as a table: newest first, one build a line.
// Steps are counted as the report and the live view count them, from the
// build's progress log; BuildKit's own count (every vertex) is not shown.

/** One row of the history listing (names only: build-arg values never appear). */
export interface HistoryRow {
  ref: string;
  startedAt?: string;
  durationMs?: number;
  status: 'success' | 'failed' | 'running';
  /** Dockerfile steps that ran (absent while the build runs, or when its progress log cannot be read). */
  steps?: number;
  cachedSteps?: number;
  dockerfile: string;
  target?: string;
  /** The node that ran it, for builders with several nodes. */
  node?: string;
}

/** Turns a record, and its steps as counted from its progress log, into a listing row. */
export function historyRow(record: HistoryRecord, totals?: StepTotals): HistoryRow {
  const row: HistoryRow = {
    ref: record.ref,
    status: !record.completedAt ? 'running' : record.error ? 'failed' : 'success',
    dockerfile: record.frontendAttrs.filename ?? 'Dockerfile',
  };
  if (totals) {
    row.steps = totals.steps;
    row.cachedSteps = totals.cached;
  }
  if (record.createdAt) row.startedAt = record.createdAt.toISOString();
  if (record.createdAt && record.completedAt) row.durationMs = record.completedAt.getTime() - record.createdAt.getTime();
  if (record.frontendAttrs.target) row.target = record.frontendAttrs.target;
  return row;
}

/**
 * The history listing as aligned columns (or a sentence when there is
 * nothing). On a builder of several nodes a NODE column says whose record a
 * row is: one build of several platforms has a record on each node, under
 * the same ref.
 */
export function renderHistory(rows: readonly HistoryRow[]): string {
  if (rows.length === 0) return "no builds in this builder's history\n";
  const nodes = rows.some((r) => r.node !== undefined);
  const header = ['REF', ...(nodes ? ['NODE'] : []), 'STARTED', 'DURATION', 'STATUS', 'STEPS', 'CACHED', 'DOCKERFILE', 'TARGET'];
  const table = rows.map((r) => [
    r.ref,
    ...(nodes ? [r.node ?? '-'] : []),
    r.startedAt?.replace('T', ' ').replace(/\.\d+Z$/, 'Z') ?? '-',
    r.durationMs !== undefined ? duration(r.durationMs) : '-',
    r.status,
    r.steps !== undefined ? String(r.steps) : '-',
    r.cachedSteps !== undefined ? String(r.cachedSteps) : '-',
    r.dockerfile,
    r.target ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)));
  return [header, ...table]
    .map(
      (row) =>
        `${row
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd()}\n`,
    )
    .join('');
}
