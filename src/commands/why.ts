import { withBuilder } from '../builder/connect.js';
import { NotFoundError } from '../core/errors.js';
import { reportOfHistoryRef, resolveHistoryRef } from '../pipeline/history-ref.js';
import { renderWhy, renderWhyJson } from '../render/why.js';

// `buildlens why [REF|last] [--compare REF]`: which step missed the cache
// first, why, and what re-ran because of it.

/** Options of `buildlens why`. */
export interface WhyOptions {
  ref: string;
  compare?: string | undefined;
  builder?: string | undefined;
  json?: boolean | undefined;
}

/** Runs `buildlens why`: resolve the refs → report without layer contents → print the misses. */
export async function runWhy(opts: WhyOptions): Promise<number> {
  return withBuilder(opts.builder ? { builder: opts.builder } : {}, async (session) => {
    const ref = await resolveHistoryRef(session, opts.ref);
    const compare = opts.compare;
    if (compare !== undefined) {
      await resolveHistoryRef(session, compare).catch(() => {
        throw new NotFoundError(`no build "${compare}" to compare with in the history of builder "${session.builder.name}"`);
      });
    }
    const { report } = await reportOfHistoryRef(session, ref, { measureLayers: false, compareRef: compare });
    process.stdout.write(opts.json ? renderWhyJson(report) : renderWhy(report));
    return 0;
  });
}
