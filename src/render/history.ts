import type { HistoryRecord } from '../buildkit/types.js';
import { duration } from '../core/format.js';

// `buildlens history` as rows and as a table: newest first, one build a line.

/** One row of the history listing (names only: build-arg values never appear). */
export interface HistoryRow {
  ref: string;
  startedAt?: string;
  durationMs?: number;
  status: 'success' | 'failed' | 'running';
  steps: number;
  cachedSteps: number;
  dockerfile: string;
  target?: string;
  /** The node that ran it, for builders with several nodes. */
  node?: string;
}

/** Turns a record into a listing row. */
export function historyRow(record: HistoryRecord): HistoryRow {
  const row: HistoryRow = {
    ref: record.ref,
    status: !record.completedAt ? 'running' : record.error ? 'failed' : 'success',
    steps: record.numTotalSteps,
    cachedSteps: record.numCachedSteps,
    dockerfile: record.frontendAttrs.filename ?? 'Dockerfile',
  };
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
    String(r.steps),
    String(r.cachedSteps),
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
