import { NotFoundError } from '../core/errors.js';
import { explainPastBuild } from '../enrich/cache-compare.js';
import { reportForRef } from '../sources/history.js';
import { renderWhy } from '../render/why.js';
import { withBuilder } from '../builder/connect.js';

// `buildlens why [REF|last] [--compare REF]`: which step missed the cache
// first, why, and what re-ran because of it.

/** Options of `buildlens why`. */
export interface WhyOptions {
  ref: string;
  compare?: string;
  builder?: string;
  json?: boolean;
}

/** Runs `buildlens why`; returns the exit code. */
export async function runWhy(opts: WhyOptions): Promise<number> {
  return withBuilder(opts.builder ? { builder: opts.builder } : {}, async ({ builder, node, client }) => {
    const records = await client.listRecords();
    const ref = opts.ref === 'last' ? records.find((r) => r.completedAt)?.ref : opts.ref;
    if (!ref || !records.some((r) => r.ref === ref)) throw new NotFoundError(`no build "${opts.ref}" in the history of builder "${builder.name}" (\`buildlens history\` lists them)`);
    if (opts.compare && !records.some((r) => r.ref === opts.compare)) throw new NotFoundError(`no build "${opts.compare}" to compare with in the history of builder "${builder.name}"`);
    const target = { name: builder.name, driver: builder.driver, node };
    const { report, record } = await reportForRef({ client, builder: target, ref, measureLayers: false });
    const { note } = await explainPastBuild({ client, builder: target, report, ...(record ? { record } : {}), ...(opts.compare ? { compareRef: opts.compare } : {}) });
    if (note) report.notes.push(note);
    if (opts.json) {
      process.stdout.write(`${JSON.stringify({ ref, compareRef: report.compareRef ?? null, cache: report.cache, cacheMisses: report.cacheMisses ?? [], notes: report.notes }, null, 2)}\n`);
    } else {
      process.stdout.write(renderWhy(report));
    }
    return 0;
  });
}
