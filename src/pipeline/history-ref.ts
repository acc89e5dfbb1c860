import { openStateStore, type StateStore } from '../build-records/index.js';
import type { BuilderSession } from '../builder/connect.js';
import { asError, NotFoundError } from '../core/errors.js';
import { builderBaseline } from '../enrich/cache-compare.js';
import { historySource } from '../sources/history.js';
import { chooseLast, describeLast } from '../sources/select-record.js';
import { reportFromSource, type SourceReport } from './report.js';

// The report of a build in a connected builder's history, as `report` and
// `why` ask for it: buildlens's own record of the build joins the evidence
// when there is one, so the report is the one `build` gave for it.

/** A history ref checked against the builder's history; for `last`, the line that says which build it is and why. */
export interface ResolvedRef {
  ref: string;
  chosen?: string;
}

/** Where `last` is asked from: buildlens's build records (absent when they could not be opened) and the directory. */
export interface LastContext {
  store?: StateStore | undefined;
  /** Default: the working directory. */
  dir?: string;
}

/** A ref named on the command line, or `last` (this directory's newest build buildlens ran, else the builder's newest), checked against the builder's history. */
export async function resolveHistoryRef(session: BuilderSession, ref: string, here: LastContext = {}): Promise<ResolvedRef> {
  const records = await session.client.listRecords();
  if (ref === 'last') {
    const own = here.store ? await here.store.listRecords().catch(() => undefined) : undefined;
    const dir = here.dir ?? process.cwd();
    const choice = chooseLast(records, own, { dir, builder: session.builder.name });
    if (!choice) throw new NotFoundError(`builder "${session.builder.name}" has no finished builds in its history`);
    return { ref: choice.record.ref, chosen: describeLast(choice, dir) };
  }
  if (!records.some((r) => r.ref === ref))
    throw new NotFoundError(`no build "${ref}" in the history of builder "${session.builder.name}" (\`buildlens history\` lists them)`);
  return { ref };
}

/** Options of a history report. */
export interface HistoryReportOptions {
  measureLayers: boolean;
  /** Compare with this ref instead of the previous comparable build. */
  compareRef?: string | undefined;
}

/** The finished report of one history ref. */
export async function reportOfHistoryRef(session: BuilderSession, ref: string, opts: HistoryReportOptions): Promise<SourceReport> {
  const store = await openStateStore().catch(asError);
  const own = store instanceof Error ? undefined : await store.findRecord(ref).catch(() => undefined);
  const builder = { name: session.builder.name, driver: session.builder.driver, node: session.node };
  const source = historySource(session.client, builder, ref, own ? { own } : {});
  return reportFromSource(source, {
    measureLayers: opts.measureLayers,
    records: store,
    baseline: builderBaseline({
      client: session.client,
      builder,
      store: store instanceof Error ? undefined : store,
      compareRef: opts.compareRef,
    }),
  });
}
