import { basename } from 'node:path';
import type { BuilderSession } from '../builder/connect.js';
import { localRefsOfRun } from '../builder/local-refs.js';
import type { BuilderNodes } from '../builder/nodes.js';
import { HistoryUnsupportedError } from '../buildkit/client.js';
import type { BuildxRun } from '../buildx/runner.js';
import { isLocalContext } from '../core/build-context.js';
import { BuilderUnreachableError, errorMessage } from '../core/errors.js';
import { debug } from '../core/log.js';
import { matchRunRecord, type Candidate, type NodeRecord, type RunQuery } from '../sources/select-record.js';
import type { BuildOptions } from './build-contract.js';

// Which history record(s) the build just run made, and on which nodes. buildx
// names the ref in its metadata file when a build succeeds on one node; a
// failed run, and a --push of several platforms on a multi-node builder,
// leave no ref there, and the record is then looked for: buildx's own local
// state of the context directory first, then every node's history, matched
// by what the run asked for and how it ended. A build of several platforms
// on a multi-node builder has a record under the same ref on each node.

/** The run's ref and the sessions of the nodes holding it (the node buildx named first). */
export interface RunTarget {
  ref: string;
  sessions: BuilderSession[];
  /** Set when buildx named no ref and the record was looked up: what matched it. */
  matchedBy?: string[];
}

/** The run's record(s); undefined when there is none to report on (a note says why where it matters). */
export async function targetOfRun(options: BuildOptions, run: BuildxRun, nodes: BuilderNodes): Promise<RunTarget | undefined> {
  if (run.ref) return { ref: run.ref, sessions: await holdersOf(run.ref, run.nodeName, nodes) };
  const failed = run.exitCode !== 0 || run.signal !== undefined;
  if (!failed && options.invocation.facts.call !== undefined) return undefined;
  if (!failed) debug('buildx wrote no build ref: looking the build up in history');
  return findRunRecord(options, run, nodes);
}

// The named node's session, then every other node that keeps a record of the ref (a build of several platforms).
async function holdersOf(ref: string, named: string | undefined, nodes: BuilderNodes): Promise<BuilderSession[]> {
  const first = await nodes.session(named);
  if (nodes.builder.nodes.length < 2) return [first];
  const { sessions } = await nodes.all();
  const others = await Promise.all(
    sessions.filter((s) => s.node !== first.node).map(async (s) => ((await s.client.getRecord(ref).catch(() => undefined)) ? [s] : [])),
  );
  return [first, ...others.flat()];
}

/**
 * The record of a run buildx named no ref for. BuildKit may finalize a failed
 * build's record a moment after buildx exits, so it looks again for a while.
 * A builder that cannot be reached rejects (BuilderUnreachableError) when the
 * run failed: that is then the problem to report.
 */
async function findRunRecord(options: BuildOptions, run: BuildxRun, nodes: BuilderNodes): Promise<RunTarget | undefined> {
  const query = await runQuery(options, run, nodes.builder.name);
  try {
    const { sessions, unreachable } =
      nodes.builder.nodes.length < 2 ? { sessions: [await nodes.session()], unreachable: [] } : await nodes.all();
    if (sessions.length === 0) throw unreachable[0]?.error ?? new Error('no node answers');
    // After Ctrl-C the user is waiting: a canceled build's record is usually final by
    // the time buildx exits, and a build canceled before it started has none. A busy
    // builder finalizes records late, so the wait is a time, not a number of tries.
    // A successful build's records are final when buildx exits.
    const failed = run.exitCode !== 0 || run.signal !== undefined;
    const deadline = Date.now() + (run.signal ? 2_000 : failed ? 6_000 : 1_000);
    for (;;) {
      const records: NodeRecord[] = (
        await Promise.all(sessions.map(async (s) => (await s.client.listRecords()).map((record) => ({ node: s.node, record }))))
      ).flat();
      const match = matchRunRecord(records, query);
      if (match.found !== undefined) {
        const byNode = new Map(sessions.map((s) => [s.node, s]));
        const holders = match.nodes.map((n) => byNode.get(n)).filter((s): s is BuilderSession => s !== undefined);
        return { ref: match.found, sessions: holders, matchedBy: match.matchedBy };
      }
      if (Date.now() >= deadline) {
        if (match.candidates.length > 1 && !run.signal) note(options.redact(ambiguity(match.candidates, match.comparedBy)));
        else if (!failed) note("no report: buildx named no build ref, and no record in the builder's history fits this run");
        else debug('history lookup: no record fits the run');
        return undefined;
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  } catch (error) {
    debug(`history lookup: ${errorMessage(error)}`);
    // A BuildKit without the history API built fine: exit as buildx did, saying what is missing.
    if (error instanceof HistoryUnsupportedError) {
      if (!run.signal) note(`no report: ${errorMessage(error)}`);
      return undefined;
    }
    // buildx failed and BuildKit cannot be reached: that is the problem to report (exit 4).
    if (error instanceof BuilderUnreachableError && run.exitCode !== 0 && !run.signal) throw error;
    return undefined;
  }
}

// What the run asked for and how it ended, as the matcher compares it.
async function runQuery(options: BuildOptions, run: BuildxRun, builder: string): Promise<RunQuery> {
  const facts = options.invocation.facts;
  const query: RunQuery = {
    startedAt: run.startedAt,
    completedAt: run.completedAt,
    dockerfileName: facts.dockerfile === '-' ? '-' : basename(facts.dockerfile ?? 'Dockerfile'),
    target: facts.target,
    buildArgs: facts.buildArgs,
    dockerfileText: options.dockerfile.text,
    exitCode: run.signal ? 130 : run.exitCode,
    platforms: facts.platforms,
    // -t, and the names an --output of type image gives.
    tags: [...facts.tags, ...facts.outputs.flatMap((o) => /(?:^|,)name=([^,]+)/.exec(o)?.[1] ?? [])],
  };
  const errorText = run.stderrTail?.filter((l) => /^(ERROR|error):/.test(l.trim())).join('\n');
  if (errorText) query.errorText = errorText;
  if (isLocalContext(facts.contextArg)) {
    const local = await localRefsOfRun({
      builder,
      contextDir: facts.contextArg,
      dockerfile: facts.dockerfile,
      startedAt: run.startedAt,
      completedAt: run.completedAt,
    }).catch(() => new Map<string, string[]>());
    if (local.size > 0) query.localRefs = [...local.keys()];
  }
  return query;
}

/** The note when several records still fit: which, and what could not tell them apart. */
export function ambiguity(candidates: readonly Candidate[], comparedBy: readonly string[]): string {
  const listed = candidates.map((c) => {
    const when = c.createdAt ? `started ${c.createdAt.toISOString().replace('T', ' ').replace(/Z$/, 'Z')}` : 'start unknown';
    const how = c.status === 'failed' ? `failed: ${oneLine(c.error ?? '')}` : c.status;
    const where = c.nodes.length > 1 ? `, nodes ${c.nodes.join(', ')}` : '';
    return `${c.ref} (${when}, ${how}${where})`;
  });
  return (
    `no report: ${candidates.length} builds in the builder's history fit this run alike (compared: ${comparedBy.join(', ')}): ` +
    `${listed.join('; ')}; \`buildlens report REF\` reports on one`
  );
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
}

function note(message: string): void {
  process.stderr.write(`buildlens: ${message}\n`);
}
