import { resolveBuilder } from '../builder/resolve.js';
import { withBuilder } from '../builder/connect.js';
import type { HistoryRecord } from '../buildkit/types.js';
import { recordsStepTotals } from '../pipeline/step-totals.js';
import { historyRow, renderHistory } from '../render/history.js';

// `buildlens history`: the builder's recent builds, newest first, including
// builds started by plain `docker buildx build`.

/** Options of `buildlens history`. */
export interface HistoryOptions {
  builder?: string;
  json?: boolean;
  limit?: number;
}

/** Runs `buildlens history`; returns the exit code. */
export async function runHistory(opts: HistoryOptions): Promise<number> {
  // A builder with several nodes keeps a history per node: ask each (a client per node).
  const builder = await resolveBuilder(opts.builder ? { builder: opts.builder } : {});
  const limit = opts.limit ?? 20;
  const perNode = await Promise.all(
    builder.nodes.map((node) =>
      withBuilder({ resolved: builder, node: node.name }, async ({ client }) => {
        // Steps are counted from each build's progress log: only for the builds that can be shown.
        const records = newestFirst(await client.listRecords()).slice(0, limit);
        const totals = await recordsStepTotals(client, records);
        return records.map((r, i) => ({ ...historyRow(r, totals[i]), ...(builder.nodes.length > 1 ? { node: node.name } : {}) }));
      }),
    ),
  );
  const rows = perNode.flat().sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''));
  const shown = rows.slice(0, limit);
  process.stdout.write(opts.json ? `${JSON.stringify(shown, null, 2)}\n` : renderHistory(shown));
  return 0;
}

function newestFirst(records: HistoryRecord[]): HistoryRecord[] {
  return [...records].sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
}
