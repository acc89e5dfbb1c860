import { diagnoseCacheMisses } from '../analysis/cache/diagnose.js';
import { parseDockerfile, type DockerfileModel } from '../dockerfile/model.js';
import { assembleEvidence } from '../assemble/from-evidence.js';
import type { BuildRecord, StateStore } from '../build-records/index.js';
import type { HistoryRecord } from '../buildkit/types.js';
import type { ProvenanceFacts } from '../collect/provenance.js';
import { debug } from '../core/log.js';
import type { CacheMiss, Note, Report } from '../model/report.js';
import { makeCacheInputs, type CacheInputs, type Fingerprinter } from '../report-dir/index.js';
import { historySource, type HistoryClient } from '../sources/history.js';
import { multiNodeSource, type NodePart } from '../sources/nodes.js';
import { comparableInHistory } from '../sources/select-record.js';
import type { BuildEvidence, BuilderIdentity } from '../sources/source.js';
import { comparisonEvidence } from './cache-evidence.js';

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
  /** The cache inputs its report directory kept. */
  cacheInputs?: CacheInputs;
  provenance?: ProvenanceFacts;
  /** The key to fingerprint the current build's own record with, to compare it with `cacheInputs`. */
  fingerprinter?: Fingerprinter;
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
  /** The client's history, when this command has listed it already (listing a long history takes hundreds of ms). */
  history?: readonly HistoryRecord[] | undefined;
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
    const previousRef =
      opts.compareRef ?? stillThere?.ref ?? comparableInHistory(opts.history ?? (await opts.client.listRecords()), evidence.record)?.ref;
    debug(`compare: with ${previousRef ?? 'nothing'}`);
    if (!previousRef)
      return { topic: 'cache', message: "no comparable earlier build in this builder's history: cache misses cannot be explained yet" };
    const others = (evidence.nodes?.length ?? 0) > 1 ? await otherHolders(previousRef, opts) : [];
    const sourceOpts = previousOwn ? { own: previousOwn } : {};
    const previousEvidence = await (
      others.length > 0
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
    return baselineOf(previousEvidence, previous);
  };
}

// The builder's other nodes whose history holds the earlier build too (one build of several platforms).
async function otherHolders(ref: string, opts: BuilderBaselineOptions): Promise<NodePart[]> {
  const others = await Promise.all(
    (opts.otherNodes ?? []).map(async (p) => ((await p.client.getRecord(ref).catch(() => undefined)) ? [p] : [])),
  );
  return others.flat();
}

/** A baseline from the evidence of a build and its report. */
export function baselineOf(evidence: BuildEvidence, report: Report, fingerprinter?: Fingerprinter): Baseline {
  const baseline: Baseline = { ref: evidence.ref, report };
  if (evidence.record) baseline.record = evidence.record;
  if (evidence.own) baseline.own = evidence.own;
  if (evidence.provenance) baseline.provenance = evidence.provenance;
  if (evidence.stored?.cacheInputs) baseline.cacheInputs = evidence.stored.cacheInputs;
  if (fingerprinter) baseline.fingerprinter = fingerprinter;
  return baseline;
}

/** The cache misses of the current build, diagnosed against the baseline; notes on what could not be compared go to `current`. */
export function compareBuilds(current: Report, evidence: BuildEvidence, baseline: Baseline, dockerfile?: DockerfileModel): CacheMiss[] {
  const own = evidence.own;
  const noCacheAttr = evidence.record?.frontendAttrs['no-cache'];
  const compared = comparisonEvidence(
    { record: evidence.record, own, inputs: currentInputs(current, evidence, baseline), provenance: evidence.provenance },
    { record: baseline.record, own: baseline.own, inputs: baseline.cacheInputs, provenance: baseline.provenance },
  );
  current.notes.push(...compared.notes);
  const model = dockerfile ?? fromLinesOf(current);
  return diagnoseCacheMisses({
    current,
    previous: baseline.report,
    noCache: noCacheAttr === '' || own?.noCache === true || evidence.stored?.cacheInputs?.noCache === true,
    noCacheFilter: noCacheAttr ? noCacheAttr.split(',') : (own?.noCacheFilter ?? evidence.stored?.cacheInputs?.noCacheFilter ?? []),
    changedArgs: compared.changedArgs,
    ...(compared.contextChanges ? { contextChanges: compared.contextChanges } : {}),
    ...(compared.sameDefinition ? { sameDefinition: compared.sameDefinition } : {}),
    ...(model ? { stageParents: stageParents(model) } : {}),
  });
}

// The current build's cache inputs: kept with its report, or made from its own
// record under the baseline's key when the baseline has only cache inputs.
function currentInputs(current: Report, evidence: BuildEvidence, baseline: Baseline): CacheInputs | undefined {
  if (evidence.stored?.cacheInputs) return evidence.stored.cacheInputs;
  if (!evidence.own || !baseline.cacheInputs || !baseline.fingerprinter) return undefined;
  return makeCacheInputs({ steps: current.steps, record: evidence.own, fingerprinter: baseline.fingerprinter });
}

// A report read back has no Dockerfile text; its FROM lines say which stage stands on which.
function fromLinesOf(report: Report): DockerfileModel | undefined {
  const froms = report.steps.filter((s) => /^\s*FROM\s/i.test(s.instruction) && s.platform === undefined).sort((a, b) => a.line - b.line);
  return froms.length > 1 ? parseDockerfile(froms.map((s) => s.instruction).join('\n')) : undefined;
}

// Each stage built FROM an earlier stage, with that stage's name.
function stageParents(model: DockerfileModel): Record<string, string> {
  const out: Record<string, string> = {};
  for (const stage of model.stages) {
    const parent = stage.fromStage === undefined ? undefined : model.stages[stage.fromStage];
    if (parent) out[stage.name] = parent.name;
  }
  return out;
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
