import type { HistoryRecord } from '../buildkit/types.js';
import { duration } from '../core/format.js';
import { resolveBuilder } from '../builder/resolve.js';
import { withBuilder } from '../builder/connect.js';

// `buildlens history`: the builder's recent builds, newest first, including
// builds started by plain `docker buildx build`.

/** Options of `buildlens history`. */
export interface HistoryOptions {
  builder?: string;
  json?: boolean;
  limit?: number;
}

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

/** Runs `buildlens history`; returns the exit code. */
export async function runHistory(opts: HistoryOptions): Promise<number> {
  // A builder with several nodes keeps a history per node: ask each (a client per node).
  const builder = await resolveBuilder(opts.builder ? { builder: opts.builder } : {});
  const perNode = await Promise.all(
    builder.nodes.map((node) => withBuilder({ resolved: builder, node: node.name }, async ({ client }) => (await client.listRecords()).map((r) => ({ ...historyRow(r), ...(builder.nodes.length > 1 ? { node: node.name } : {}) })))),
  );
  const rows = perNode.flat().sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''));
  const shown = rows.slice(0, opts.limit ?? 20);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    return 0;
  }
  if (shown.length === 0) {
    process.stdout.write('no builds in this builder\'s history\n');
    return 0;
  }
  const header = ['REF', 'STARTED', 'DURATION', 'STATUS', 'STEPS', 'CACHED', 'DOCKERFILE', 'TARGET'];
  const table = shown.map((r) => [r.ref, r.startedAt?.replace('T', ' ').replace(/\.\d+Z$/, 'Z') ?? '-', r.durationMs !== undefined ? duration(r.durationMs) : '-', r.status, String(r.steps), String(r.cachedSteps), r.dockerfile, r.target ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)));
  for (const row of [header, ...table]) process.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()}\n`);
  return 0;
}
