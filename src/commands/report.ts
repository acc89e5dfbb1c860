import { NotFoundError } from '../errors.js';
import { reportForRef } from '../pipeline/report-for-ref.js';
import { renderTerminal } from '../report/terminal.js';
import { renderJson } from '../report/write.js';
import { withBuilder } from './connect.js';
import { loadConfig } from '../config.js';
import { compareWithPrevious } from '../pipeline/cache-compare.js';
import { addFindings } from '../pipeline/findings.js';
import { openStateStore } from '../state/index.js';
import { writeRequestedReports } from './outputs.js';

// `buildlens report [REF|last]`: the report of a build already in history,
// without rebuilding; works for builds started by plain `docker buildx build`.

/** Options of `buildlens report`. */
export interface ReportOptions {
  ref: string;
  builder?: string;
  json?: boolean;
  reportDir?: string;
  reportFormats?: string[];
  quiet?: boolean;
}

/** Runs `buildlens report`; returns the exit code. */
export async function runReport(opts: ReportOptions): Promise<number> {
  return withBuilder(opts.builder ? { builder: opts.builder } : {}, async ({ builder, node, client }) => {
    let ref = opts.ref;
    if (ref === 'last') {
      const latest = (await client.listRecords()).find((r) => r.completedAt !== undefined);
      if (!latest) throw new NotFoundError(`builder "${builder.name}" has no finished builds in its history`);
      ref = latest.ref;
    } else if (!(await client.getRecord(ref))) {
      throw new NotFoundError(`no build "${ref}" in the history of builder "${builder.name}" (\`buildlens history\` lists them)`);
    }
    const target = { name: builder.name, driver: builder.driver, node };
    const built = await reportForRef({ client, builder: target, ref });
    const { report, record } = built;
    const state = await openStateStore().catch(() => undefined);
    const stateRecord = await state?.findRecord(ref).catch(() => undefined);
    const comparison = await compareWithPrevious({ client, builder: target, report, ...(record ? { record } : {}), ...(state ? { state } : {}), ...(stateRecord ? { stateRecord } : {}) }).catch(() => undefined);
    if (comparison?.misses) report.cacheMisses = comparison.misses;
    if (comparison?.previousRef) report.compareRef = comparison.previousRef;
    const config = await loadConfig(stateRecord?.contextDir || undefined).catch(() => undefined);
    addFindings(built, { config: (config ?? (await loadConfig(undefined))).rules });
    if (opts.reportDir) await writeRequestedReports(opts.reportDir, report, opts.reportFormats);
    if (opts.json) process.stdout.write(renderJson(report));
    else if (!opts.quiet) process.stdout.write(renderTerminal(report, { color: Boolean(process.stdout.isTTY) }));
    return 0;
  });
}
