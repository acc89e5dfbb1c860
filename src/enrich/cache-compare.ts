import { diagnoseCacheMisses, type ContextChanges } from '../analysis/cache/diagnose.js';
import { assembleEvidence } from '../assemble/from-evidence.js';
import type { BuildRecord, StateStore } from '../build-records/index.js';
import { buildArgsOf } from '../buildkit/frontend-attrs.js';
import type { HistoryRecord } from '../buildkit/types.js';
import { diffManifests } from '../context/index.js';
import type { ContextManifest } from '../context/manifest.js';
import { debug } from '../core/log.js';
import type { CacheMiss, Note, Report } from '../model/report.js';
import { historySource, type HistoryClient } from '../sources/history.js';
import { multiNodeSource, type NodePart } from '../sources/nodes.js';
import { comparableInHistory } from '../sources/select-record.js';
import type { BuildEvidence, BuilderIdentity } from '../sources/source.js';

// Cache-miss diagnosis against an earlier build: which one to compare with
// (the one named, else the previous comparable one buildlens recorded, else
// the builder's history), and the comparison itself, which needs only the
// two builds' reports and records.

/** An earlier build to compare with. */
export interface Baseline {
  ref: string;
  report: Report;
  record?: HistoryRecord;
  own?: BuildRecord;
}

/** Finds the build a report's misses are explained against, or says why there is none. */
export type BaselineFinder = (current: Report, evidence: BuildEvidence) => Promise<Baseline | Note>;

/** What finding a baseline on a builder needs. */
export interface BuilderBaselineOptions {
  client: HistoryClient & { listRecords(): Promise<HistoryRecord[]> };
  builder: BuilderIdentity;
  store?: StateStore | undefined;
  /** Compare with this ref instead of the previous comparable build. */
  compareRef?: string | undefined;
  /** The builder's other nodes: a build of several platforms is compared with the earlier build's records on each. */
  otherNodes?: readonly NodePart[] | undefined;
}

/** The baseline finder of builds kept in one builder's history. */
export function builderBaseline(opts: BuilderBaselineOptions): BaselineFinder {
  return async (current, evidence) => {
    const own = evidence.own;
    const previousOwn = opts.compareRef
      ? await opts.store?.findRecord(opts.compareRef)
      : own && opts.store
        ? await opts.store.findPreviousComparable({
            builder: own.builder,
            dockerfile: own.dockerfile,
            target: own.target,
            platforms: own.platforms,
            before: own.startedAt,
          })
        : undefined;
    debug(`compare: previous build ${previousOwn ? 'recorded' : 'not recorded'}`);
    // buildlens's previous build, if the builder still has it; else search the history.
    const stillThere = previousOwn && !opts.compareRef ? await opts.client.getRecord(previousOwn.ref).catch(() => undefined) : undefined;
    const previousRef = opts.compareRef ?? stillThere?.ref ?? comparableInHistory(await opts.client.listRecords(), evidence.record)?.ref;
    debug(`compare: with ${previousRef ?? 'nothing'}`);
    if (!previousRef)
      return { topic: 'cache', message: "no comparable earlier build in this builder's history: cache misses cannot be explained yet" };
    const others = (evidence.nodes?.length ?? 0) > 1 ? await otherHolders(previousRef, opts) : [];
    const sourceOpts = previousOwn ? { own: previousOwn } : {};
    const previousEvidence = await (others.length > 0
      ? multiNodeSource([{ node: opts.builder.node ?? '', client: opts.client }, ...others], opts.builder, previousRef, sourceOpts)
      : historySource(opts.client, opts.builder, previousRef, sourceOpts)
    ).collect();
    const previous = assembleEvidence(previousEvidence).report;
    if (!opts.compareRef && !similar(current, previous)) {
      return {
        topic: 'cache',
        message: 'no earlier build of this Dockerfile to compare with (the latest build with this file name is a different one)',
      };
    }
    const baseline: Baseline = { ref: previousRef, report: previous };
    if (previousEvidence.record) baseline.record = previousEvidence.record;
    if (previousOwn) baseline.own = previousOwn;
    return baseline;
  };
}

// The builder's other nodes whose history holds the earlier build too (one build of several platforms).
async function otherHolders(ref: string, opts: BuilderBaselineOptions): Promise<NodePart[]> {
  const others = await Promise.all((opts.otherNodes ?? []).map(async (p) => ((await p.client.getRecord(ref).catch(() => undefined)) ? [p] : [])));
  return others.flat();
}

/** The cache misses of the current build, diagnosed against the baseline. */
export function compareBuilds(current: Report, evidence: BuildEvidence, baseline: Baseline): CacheMiss[] {
  const own = evidence.own;
  const noCacheAttr = evidence.record?.frontendAttrs['no-cache'];
  return diagnoseCacheMisses({
    current,
    previous: baseline.report,
    noCache: noCacheAttr === '' || own?.noCache === true,
    noCacheFilter: noCacheAttr ? noCacheAttr.split(',') : (own?.noCacheFilter ?? []),
    changedArgs: changedArgNames(evidence.record, baseline.record, own, baseline.own),
    ...contextDiff(baseline.own?.manifest, own?.manifest),
  });
}

/**
 * Whether two builds found only by Dockerfile name are builds of the same
 * Dockerfile: most of one's instructions appear in the other. FROM lines do
 * not count (unrelated projects share base images) unless there is nothing else.
 */
export function similar(a: Pick<Report, 'steps'>, b: Pick<Report, 'steps'>): boolean {
  const own = (r: Pick<Report, 'steps'>) => {
    const work = r.steps.filter((s) => s.baseImage === undefined);
    return (work.length > 0 ? work : r.steps).map((s) => s.instruction);
  };
  const mine = own(a);
  const other = new Set(own(b));
  const shared = mine.filter((i) => other.has(i)).length;
  return mine.length > 0 && shared > 0 && shared * 2 >= mine.length;
}

/**
 * Whether every step was served from the cache. BuildKit never marks the FROM
 * of a local image cached; a cached step after it in its stage shows the base
 * was unchanged (its digest is part of that step's cache key), so only a stage
 * that is nothing but a FROM leaves its base in doubt.
 */
export function nothingMissed(report: Report): boolean {
  const stagesWithCachedWork = new Set(report.steps.filter((s) => !s.baseImage && s.cached).map((s) => s.stage));
  return report.steps.every((s) => s.cached || (s.baseImage !== undefined && stagesWithCachedWork.has(s.stage)));
}

// Names of build args whose value differs; values are compared here and go no further.
function changedArgNames(
  current?: HistoryRecord,
  previous?: HistoryRecord,
  currentOwn?: BuildRecord,
  previousOwn?: BuildRecord,
): string[] | undefined {
  if (current && previous) {
    const [now, before] = [buildArgsOf(current.frontendAttrs), buildArgsOf(previous.frontendAttrs)];
    return [...new Set([...Object.keys(now), ...Object.keys(before)])].filter((name) => now[name] !== before[name]).sort();
  }
  if (currentOwn && previousOwn) {
    const names = new Set([...Object.keys(currentOwn.buildArgs), ...Object.keys(previousOwn.buildArgs)]);
    return [...names].filter((n) => currentOwn.buildArgs[n] !== previousOwn.buildArgs[n]).sort();
  }
  return undefined;
}

function contextDiff(
  before?: ContextManifest,
  after?: ContextManifest,
): { contextChanges?: (sources: string[]) => ContextChanges | undefined } {
  if (!before || !after) return {};
  return { contextChanges: (sources) => diffManifests(before, after, sources) };
}
