import { unreachableNote, withNodes } from '../builder/nodes.js';
import type { HistoryRecord } from '../buildkit/types.js';
import { recordsStepTotals } from '../pipeline/step-totals.js';
import { historyRow, renderHistory } from '../render/history.js';

// `buildlens history`: the builder's recent builds, newest first, including
// builds started by plain `docker buildx build`. A builder with several nodes
// keeps a history per node: each is asked, and each row names its node (one
// build of several platforms has a record, under one ref, on each node that
// ran a platform of it).

/** Options of `buildlens history`. */
export interface HistoryOptions {
  builder?: string;
  json?: boolean;
  limit?: number;
}

/** Runs `buildlens history`; returns the exit code. */
export async function runHistory(opts: HistoryOptions): Promise<number> {
  const limit = opts.limit ?? 20;
  return withNodes({ builder: opts.builder }, async (nodes) => {
    const several = nodes.builder.nodes.length > 1;
    const { sessions, unreachable } = several ? await nodes.all() : { sessions: [await nodes.session()], unreachable: [] };
    if (sessions.length === 0) throw unreachable[0]?.error ?? new Error(`builder ${nodes.builder.name} has no nodes`);
    if (unreachable.length > 0) process.stderr.write(`buildlens: ${unreachableNote(unreachable)}: its builds are not listed\n`);
    const perNode = await Promise.all(
      sessions.map(async ({ node, client }) => {
        // Steps are counted from each build's progress log: only for the builds that can be shown.
        const records = newestFirst(await client.listRecords()).slice(0, limit);
        const totals = await recordsStepTotals(client, records);
        return records.map((r, i) => ({ ...historyRow(r, totals[i]), ...(several ? { node } : {}) }));
      }),
    );
    const rows = perNode
      .flat()
      .sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? '') || (a.node ?? '').localeCompare(b.node ?? ''));
    const shown = rows.slice(0, limit);
    process.stdout.write(opts.json ? `${JSON.stringify(shown, null, 2)}\n` : renderHistory(shown));
    return 0;
  });
}

function newestFirst(records: HistoryRecord[]): HistoryRecord[] {
  return [...records].sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
}
