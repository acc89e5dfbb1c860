import type { BuilderSession } from '../builder/connect.js';
import type { BuilderNodes } from '../builder/nodes.js';
import type { HistoryRecord } from '../buildkit/types.js';
import { NotFoundError } from '../core/errors.js';
import type { HistorySourceOptions } from '../sources/history.js';
import { nodesSource } from '../sources/nodes.js';
import { latestFinished } from '../sources/select-record.js';
import type { ReportSource } from '../sources/source.js';

// A build in a connected builder's history, as `report` and `why` name it
// (a ref or `last`). On a builder of several nodes each node keeps its own
// history: a ref is looked for on all of them, and a build several nodes ran
// is read from each.

/** A ref and the sessions of the nodes whose history holds it (the first is the one to report from). */
export interface HistoryTarget {
  ref: string;
  sessions: BuilderSession[];
}

/** A ref named on the command line, or `last`, checked against every node's history. */
export async function resolveHistoryRef(nodes: BuilderNodes, ref: string): Promise<HistoryTarget> {
  const listed = await listEveryNode(nodes);
  const wanted = ref === 'last' ? newestFinished(listed)?.ref : ref;
  const holding = listed.filter((l) => l.records.some((r) => r.ref === wanted)).map((l) => l.session);
  if (wanted && holding.length > 0) return { ref: wanted, sessions: holding };
  const name = nodes.builder.name;
  if (ref === 'last') throw new NotFoundError(`builder "${name}" has no finished builds in its history`);
  throw new NotFoundError(`no build "${ref}" in the history of builder "${name}" (\`buildlens history\` lists them)`);
}

// Each reachable node's records; a builder none of whose nodes answers rejects with the first node's error.
async function listEveryNode(nodes: BuilderNodes): Promise<Array<{ session: BuilderSession; records: HistoryRecord[] }>> {
  if (nodes.builder.nodes.length === 1) {
    const session = await nodes.session();
    return [{ session, records: await session.client.listRecords() }];
  }
  const { sessions, unreachable } = await nodes.all();
  if (sessions.length === 0) throw unreachable[0]?.error ?? new Error(`builder ${nodes.builder.name} has no nodes`);
  return Promise.all(sessions.map(async (session) => ({ session, records: await session.client.listRecords() })));
}

function newestFinished(listed: Array<{ records: HistoryRecord[] }>): HistoryRecord | undefined {
  const latest = listed.map((l) => latestFinished(l.records)).filter((r): r is HistoryRecord => r !== undefined);
  return latest.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
}

/** The source of a ref held by one node, or by several (one build of several platforms). */
export function sourceOfTarget(target: HistoryTarget, opts: HistorySourceOptions = {}): ReportSource {
  const [first] = target.sessions;
  if (!first) throw new Error(`no node holds ${target.ref}`);
  const builder = { name: first.builder.name, driver: first.builder.driver };
  return nodesSource(target.sessions.map((s) => ({ node: s.node, client: s.client })), builder, target.ref, opts);
}
