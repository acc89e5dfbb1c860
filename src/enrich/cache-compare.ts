import { debug } from '../core/log.js';
import type { HistoryRecord } from '../buildkit/types.js';
import { diagnoseCacheMisses, type ContextChanges } from '../analysis/cache/diagnose.js';
import { diffManifests } from '../context/index.js';
import type { ContextManifest } from '../context/manifest.js';
import type { CacheMiss, Note, Report } from '../model/report.js';
import { openStateStore, type BuildRecord, type StateStore } from '../build-records/index.js';
import { reportForRef, type ReportClient } from '../sources/history.js';

// Finds the build to compare with (the one named, else the previous
// comparable one buildlens recorded, else the builder's history) and
// diagnoses the cache misses against it.

/** What comparing needs. */
export interface CompareRequest {
  client: ReportClient & { listRecords(): Promise<HistoryRecord[]>; getRecord(ref: string): Promise<HistoryRecord | undefined> };
  builder: { name: string; driver: string; node?: string };
  report: Report;
  record?: HistoryRecord;
  compareRef?: string;
  state?: StateStore;
  /** buildlens's own record of the current build, when it ran it. */
  stateRecord?: BuildRecord;
}

/** The comparison: misses with causes, or a note saying why there was none. */
export interface Comparison {
  previousRef?: string;
  misses?: CacheMiss[];
  note?: Note;
}

/** Diagnoses the report's cache misses against an earlier build. */
export async function compareWithPrevious(request: CompareRequest): Promise<Comparison> {
  const { report } = request;
  const previousState = request.compareRef
    ? await request.state?.findRecord(request.compareRef)
    : request.stateRecord && request.state
      ? await request.state.findPreviousComparable({ builder: request.stateRecord.builder, dockerfile: request.stateRecord.dockerfile, target: request.stateRecord.target, platforms: request.stateRecord.platforms, before: request.stateRecord.startedAt })
      : undefined;
  debug(`compare: previous build ${previousState ? 'recorded' : 'not recorded'}`);
  // The state store's previous build, if the builder still has it; else search the history.
  const stillThere = previousState && !request.compareRef ? await request.client.getRecord(previousState.ref).catch(() => undefined) : undefined;
  const previousRef = request.compareRef ?? stillThere?.ref ?? historyComparable(await request.client.listRecords(), request.record)?.ref;
  debug(`compare: with ${previousRef ?? 'nothing'}`);
  if (!previousRef) return { note: { topic: 'cache', message: 'no comparable earlier build in this builder\'s history: cache misses cannot be explained yet' } };

  const previous = await reportForRef({ client: request.client, builder: request.builder, ref: previousRef, measureLayers: false });
  if (!request.compareRef && !similar(report, previous.report)) {
    return { note: { topic: 'cache', message: 'no earlier build of this Dockerfile to compare with (the latest build with this file name is a different one)' } };
  }
  const attrs = request.record?.frontendAttrs ?? {};
  const noCacheAttr = attrs['no-cache'];
  const misses = diagnoseCacheMisses({
    current: report,
    previous: previous.report,
    noCache: noCacheAttr === '' || request.stateRecord?.noCache === true,
    noCacheFilter: noCacheAttr ? noCacheAttr.split(',') : (request.stateRecord?.noCacheFilter ?? []),
    changedArgs: changedArgNames(request.record, previous.record, request.stateRecord, previousState),
    ...contextDiff(previousState?.manifest, request.stateRecord?.manifest),
  });
  return { previousRef, misses };
}

// The newest earlier finished build with the same Dockerfile name, target and platforms.
function historyComparable(records: HistoryRecord[], current: HistoryRecord | undefined): HistoryRecord | undefined {
  if (!current?.createdAt) return undefined;
  const created = current.createdAt.getTime();
  const key = (r: HistoryRecord) => [r.frontendAttrs.filename ?? 'Dockerfile', r.frontendAttrs.target ?? '', r.frontendAttrs.platform ?? ''].join('\u0000');
  return records
    .filter((r) => r.ref !== current.ref && r.completedAt && (r.createdAt?.getTime() ?? 0) < created && key(r) === key(current))
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
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

// Names of build args whose value differs; values are compared here and go no further.
function changedArgNames(current?: HistoryRecord, previous?: HistoryRecord, currentState?: BuildRecord, previousState?: BuildRecord): string[] | undefined {
  if (current && previous) {
    const names = new Set<string>();
    const args = (r: HistoryRecord) => Object.fromEntries(Object.entries(r.frontendAttrs).filter(([k]) => k.startsWith('build-arg:')).map(([k, v]) => [k.slice(10), v]));
    const [now, before] = [args(current), args(previous)];
    for (const name of new Set([...Object.keys(now), ...Object.keys(before)])) if (now[name] !== before[name]) names.add(name);
    return [...names].sort();
  }
  if (currentState && previousState) {
    const names = new Set([...Object.keys(currentState.buildArgs), ...Object.keys(previousState.buildArgs)]);
    return [...names].filter((n) => currentState.buildArgs[n] !== previousState.buildArgs[n]).sort();
  }
  return undefined;
}

function contextDiff(before?: ContextManifest, after?: ContextManifest): { contextChanges?: (sources: string[]) => ContextChanges | undefined } {
  if (!before || !after) return {};
  return { contextChanges: (sources) => diffManifests(before, after, sources) };
}

/** Explains a past build's misses: the state store's record of it (when buildlens ran it) and the comparison, applied to its report. */
export async function explainPastBuild(request: Omit<CompareRequest, 'state' | 'stateRecord'>): Promise<{ stateRecord?: BuildRecord; note?: Note }> {
  const state = await openStateStore().catch(() => undefined);
  const stateRecord = await state?.findRecord(request.report.build.ref).catch(() => undefined);
  const comparison = await compareWithPrevious({ ...request, ...(state ? { state } : {}), ...(stateRecord ? { stateRecord } : {}) });
  if (comparison.misses) request.report.cacheMisses = comparison.misses;
  if (comparison.previousRef) request.report.compareRef = comparison.previousRef;
  const result: { stateRecord?: BuildRecord; note?: Note } = {};
  if (stateRecord) result.stateRecord = stateRecord;
  if (comparison.note) result.note = comparison.note;
  return result;
}
