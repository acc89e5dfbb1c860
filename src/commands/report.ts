import { NotFoundError } from '../errors.js';
import { reportForRef } from '../pipeline/report-for-ref.js';
import { renderTerminal } from '../report/terminal.js';
import { renderJson } from '../report/write.js';
import { withBuilder } from './connect.js';
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
    const { report } = await reportForRef({ client, builder: { name: builder.name, driver: builder.driver, node }, ref });
    if (opts.reportDir) await writeRequestedReports(opts.reportDir, report, opts.reportFormats);
    if (opts.json) process.stdout.write(renderJson(report));
    else if (!opts.quiet) process.stdout.write(renderTerminal(report, { color: Boolean(process.stdout.isTTY) }));
    return 0;
  });
}
