import { openStateStore } from '../build-records/index.js';
import type { BuilderSession } from '../builder/connect.js';
import { asError, NotFoundError } from '../core/errors.js';
import { builderBaseline } from '../enrich/cache-compare.js';
import { historySource } from '../sources/history.js';
import { latestFinished } from '../sources/select-record.js';
import { reportFromSource, type SourceReport } from './report.js';

// The report of a build in a connected builder's history, as `report` and
// `why` ask for it: buildlens's own record of the build joins the evidence
// when there is one, so the report is the one `build` gave for it.

/** A ref named on the command line, or `last`, checked against the builder's history. */
export async function resolveHistoryRef(session: BuilderSession, ref: string): Promise<string> {
  if (ref === 'last') {
    const latest = latestFinished(await session.client.listRecords());
    if (!latest) throw new NotFoundError(`builder "${session.builder.name}" has no finished builds in its history`);
    return latest.ref;
  }
  // One record, not the whole history: listing (and decoding) every record costs a shared builder hundreds of ms.
  if ((await session.client.getRecord(ref)) === undefined)
    throw new NotFoundError(`no build "${ref}" in the history of builder "${session.builder.name}" (\`buildlens history\` lists them)`);
  return ref;
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
