import type { StateStore } from '../build-records/index.js';
import type { BuilderSession } from '../builder/connect.js';
import type { BuilderNodes } from '../builder/nodes.js';
import type { HistoryRecord } from '../buildkit/types.js';
import { NotFoundError } from '../core/errors.js';
import type { HistorySourceOptions } from '../sources/history.js';
import { nodesSource } from '../sources/nodes.js';
import { chooseLast, describeLast } from '../sources/select-record.js';
import type { ReportSource } from '../sources/source.js';

// A build in a connected builder's history, as `report` and `why` name it
// (a ref or `last`). On a builder of several nodes each node keeps its own
// history: a ref is looked for on all of them, and a build several nodes ran
// is read from each.

/** A ref and the sessions of the nodes whose history holds it (the first is the one to report from). */
export interface HistoryTarget {
  ref: string;
  sessions: BuilderSession[];
  /** For `last`: the line that says which build it is and why. */
  chosen?: string;
  /** For `last`: the first session's whole history, listed to choose it (for the cache comparison, which lists it too). */
  history?: HistoryRecord[];
}

/** Where `last` is asked from: buildlens's build records (absent when they could not be opened) and the directory. */
export interface LastContext {
  store?: StateStore | undefined;
  /** Default: the working directory. */
  dir?: string;
}

/**
 * A ref named on the command line, or `last` (this directory's newest build
 * buildlens ran, else the builder's newest), checked against every node's history.
 */
export async function resolveHistoryRef(nodes: BuilderNodes, ref: string, here: LastContext = {}): Promise<HistoryTarget> {
  const name = nodes.builder.name;
  const reachable = await reachableSessions(nodes);
  if (ref === 'last') {
    const listed = await Promise.all(reachable.map(async (session) => ({ session, records: await session.client.listRecords() })));
    const own = here.store ? await here.store.listRecords().catch(() => undefined) : undefined;
    const dir = here.dir ?? process.cwd();
    const choice = chooseLast(newestFirst(listed.flatMap((l) => l.records)), own, { dir, builder: name });
    if (!choice) throw new NotFoundError(`builder "${name}" has no finished builds in its history`);
    const holding = listed.filter((l) => l.records.some((r) => r.ref === choice.record.ref));
    const target: HistoryTarget = { ref: choice.record.ref, sessions: holding.map((l) => l.session), chosen: describeLast(choice, dir) };
    if (holding[0]) target.history = holding[0].records;
    return target;
  }
  // One record per node, not the whole history: listing (and decoding) every record costs a shared builder hundreds of ms.
  const found = await Promise.all(reachable.map(async (session) => ((await session.client.getRecord(ref)) ? [session] : [])));
  const sessions = found.flat();
  if (sessions.length === 0)
    throw new NotFoundError(`no build "${ref}" in the history of builder "${name}" (\`buildlens history\` lists them)`);
  return { ref, sessions };
}

// The nodes that answer; a builder none of whose nodes answers rejects with the first node's error.
async function reachableSessions(nodes: BuilderNodes): Promise<BuilderSession[]> {
  if (nodes.builder.nodes.length === 1) return [await nodes.session()];
  const { sessions, unreachable } = await nodes.all();
  if (sessions.length === 0) throw unreachable[0]?.error ?? new Error(`builder ${nodes.builder.name} has no nodes`);
  return sessions;
}

// Several nodes' records as one history, newest first (as each node lists its own).
function newestFirst(records: HistoryRecord[]): HistoryRecord[] {
  return [...records].sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
}

/** The source of a ref held by one node, or by several (one build of several platforms). */
export function sourceOfTarget(target: HistoryTarget, opts: HistorySourceOptions = {}): ReportSource {
  const [first] = target.sessions;
  if (!first) throw new Error(`no node holds ${target.ref}`);
  const builder = { name: first.builder.name, driver: first.builder.driver };
  return nodesSource(
    target.sessions.map((s) => ({ node: s.node, client: s.client })),
    builder,
    target.ref,
    opts,
  );
}
