import { withNodes } from '../builder/nodes.js';
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
  return withNodes({ builder: opts.builder }, async (nodes) => {
    const target = await resolveHistoryRef(nodes, opts.ref);
    const compare = opts.compare;
    if (compare !== undefined) {
      await resolveHistoryRef(nodes, compare).catch(() => {
        throw new NotFoundError(`no build "${compare}" to compare with in the history of builder "${nodes.builder.name}"`);
      });
    }
    const { report } = await reportOfHistoryRef(target, { measureLayers: false, compareRef: compare }, nodes);
    process.stdout.write(opts.json ? renderWhyJson(report) : renderWhy(report));
    return 0;
  });
}
