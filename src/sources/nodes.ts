import type { HistoryRecord } from '../buildkit/types.js';
import { isCanceledError } from '../collect/canceled.js';
import { ProgressCollector } from '../collect/progress.js';
import { historySource, type HistoryClient, type HistorySourceOptions } from './history.js';
import type { BuildEvidence, BuilderIdentity, CollectHooks, ReportSource } from './source.js';

// A build of several platforms on a builder of several nodes: buildx sends
// each node its platforms, and each node keeps its own record of the build,
// under the same ref, with its own progress stream (vertex names carry the
// platform) and provenance. One report of the build reads every node's
// record, as the same build on one node of several platforms would read.

/** One node's part of a build. */
export interface NodePart {
  node: string;
  client: HistoryClient;
}

/** The source of a ref kept by one node or by several (the first part is the node buildx named). */
export function nodesSource(
  parts: readonly NodePart[],
  builder: BuilderIdentity,
  ref: string,
  opts: HistorySourceOptions = {},
): ReportSource {
  const [only] = parts;
  if (parts.length === 1 && only) return historySource(only.client, { ...builder, node: only.node }, ref, opts);
  return multiNodeSource(parts, builder, ref, opts);
}

/**
 * The source of one ref kept by several nodes; the first part is the node buildx named (its provenance and layers are
 * the report's image).
 */
export function multiNodeSource(
  parts: readonly NodePart[],
  builder: BuilderIdentity,
  ref: string,
  opts: HistorySourceOptions = {},
): ReportSource {
  const [primary] = parts;
  if (!primary) throw new Error('multiNodeSource needs at least one node');
  // Only the first node's stream can have been followed live.
  const { liveProgress: _live, ...others } = opts;
  const sources = parts.map((p) => historySource(p.client, { ...builder, node: p.node }, ref, p === primary ? opts : others));
  const primarySource = sources[0];
  return {
    kind: 'history',
    ...(primarySource?.blobs ? { blobs: primarySource.blobs } : {}),
    async collect(hooks?: CollectHooks): Promise<BuildEvidence> {
      // Layer analysis starts from the first node's provenance only (the image section is its platform's).
      const collected = await Promise.all(sources.map((s, i) => s.collect(i === 0 ? hooks : {})));
      return mergeNodeEvidence(
        parts.map((p, i) => ({ node: p.node, evidence: collected[i] as BuildEvidence })),
        builder,
      );
    },
  };
}

/** The evidence each node kept of one build, as one build of all their platforms. */
export function mergeNodeEvidence(
  perNode: ReadonlyArray<{ node: string; evidence: BuildEvidence }>,
  builder: BuilderIdentity,
): BuildEvidence {
  const first = perNode[0];
  if (!first) throw new Error('no node evidence to merge');
  const all = perNode.map((p) => p.evidence);
  const failing = failedFirst(all, (e) => e.record?.error?.message);
  const progress = new ProgressCollector();
  for (const e of all) progress.absorb(e.progress);
  const merged: BuildEvidence = {
    ...first.evidence,
    builder: withoutNode(builder),
    progress,
    platforms: unique(all.flatMap((e) => nodePlatforms(e))),
    nodes: perNode.map((p) => ({ name: p.node, platforms: nodePlatforms(p.evidence) })),
    buildArgNames: unique(all.flatMap((e) => e.buildArgNames)).sort(),
    secretValues: unique(all.flatMap((e) => e.secretValues)),
    notes: mergedNotes(perNode),
  };
  const record = mergedRecord(all.map((e) => e.record).filter((r): r is HistoryRecord => r !== undefined));
  if (record) merged.record = record;
  if (failing?.errorFacts) merged.errorFacts = failing.errorFacts;
  // The run's own platforms (buildlens ran it) are what was asked for: kept.
  if (first.evidence.own?.platforms.length) merged.platforms = first.evidence.own.platforms;
  return merged;
}

function withoutNode(builder: BuilderIdentity): BuilderIdentity {
  return { name: builder.name, driver: builder.driver };
}

// The platforms one node built: its record's `platform` attribute, else what its source said.
function nodePlatforms(evidence: BuildEvidence): string[] {
  const attr = evidence.record?.frontendAttrs['platform'];
  return attr ? attr.split(',').filter(Boolean) : evidence.platforms;
}

// One record of the whole build: the first node's, spanning every node's
// time, failed when any node failed, with every node's step counts.
function mergedRecord(records: HistoryRecord[]): HistoryRecord | undefined {
  const [first] = records;
  if (!first) return undefined;
  const created = records.map((r) => r.createdAt?.getTime()).filter((t): t is number => t !== undefined);
  const completed = records.map((r) => r.completedAt?.getTime());
  const record: HistoryRecord = {
    ...first,
    results: Object.assign({}, ...records.map((r) => r.results)) as HistoryRecord['results'],
    numCachedSteps: sum(records.map((r) => r.numCachedSteps)),
    numTotalSteps: sum(records.map((r) => r.numTotalSteps)),
    numCompletedSteps: sum(records.map((r) => r.numCompletedSteps)),
  };
  if (created.length > 0) record.createdAt = new Date(Math.min(...created));
  if (completed.every((t) => t !== undefined)) record.completedAt = new Date(Math.max(...(completed as number[])));
  else delete record.completedAt;
  const error = failedFirst(records, (r) => r.error?.message)?.error;
  if (error) record.error = error;
  return record;
}

// The part whose error is the build's: one that failed, not one buildx canceled
// because another node's part failed ("… context canceled"); else the first with an error.
function failedFirst<T>(parts: readonly T[], errorOf: (part: T) => string | undefined): T | undefined {
  const failed = parts.filter((p) => errorOf(p) !== undefined);
  return failed.find((p) => !isCanceledError(errorOf(p) ?? '')) ?? failed[0];
}

// Each node's notes once; a note only some nodes have names them.
function mergedNotes(perNode: ReadonlyArray<{ node: string; evidence: BuildEvidence }>): BuildEvidence['notes'] {
  const seen = new Map<string, { topic: string; message: string; nodes: string[] }>();
  for (const { node, evidence } of perNode) {
    for (const note of evidence.notes) {
      const key = `${note.topic}\0${note.message}`;
      const entry = seen.get(key) ?? { ...note, nodes: [] };
      entry.nodes.push(node);
      seen.set(key, entry);
    }
  }
  return [...seen.values()].map((n) => ({
    topic: n.topic,
    message: n.nodes.length === perNode.length ? n.message : `node ${n.nodes.join(', ')}: ${n.message}`,
  }));
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
