import type { BaselineFinder } from '../enrich/cache-compare.js';
import { NotFoundError } from '../core/errors.js';
import { note } from '../core/log.js';
import { openSource, withSources, type SourceContext } from '../pipeline/open-source.js';
import { reportFromSource } from '../pipeline/report.js';
import { renderWhy, renderWhyJson } from '../render/why.js';
import { describeSource, parseSourceSpec, type SourceSpec } from '../sources/source-spec.js';

// `buildlens why [SOURCE] [--compare SOURCE]`: which step missed the cache
// first, why, and what re-ran because of it. Either side may be a history
// ref, `last`, a `.dockerbuild` (FILE#REF) or a report directory; only a
// history ref needs a builder, so two files compare with no engine at all.

/** Options of `buildlens why`. */
export interface WhyOptions {
  ref: string;
  compare?: string | undefined;
  builder?: string | undefined;
  json?: boolean | undefined;
}

/** Runs `buildlens why`: resolve both sources → report without layer contents → print the misses. */
export async function runWhy(opts: WhyOptions): Promise<number> {
  const current = parseSourceSpec(opts.ref);
  const compare = opts.compare === undefined ? undefined : parseSourceSpec(opts.compare);
  return withSources(
    compare ? [current, compare] : [current],
    opts.builder,
    async (ctx) => {
      const opened = await openSource(current, ctx);
      const baseline = compare ? await baselineOf(compare, ctx) : (opened.ownBaseline ?? nameOne(current));
      const { report } = await reportFromSource(opened.source, { measureLayers: false, baseline, records: ctx.store ?? ctx.storeError });
      process.stdout.write(opts.json ? renderWhyJson(report) : renderWhy(report));
      return 0;
    },
    { say: note },
  );
}

// The build named by --compare; a history ref missing from the builder says it was the one to compare with.
async function baselineOf(spec: SourceSpec, ctx: SourceContext): Promise<BaselineFinder> {
  try {
    return (await openSource(spec, ctx)).asBaseline;
  } catch (error) {
    if (!(error instanceof NotFoundError) || spec.kind !== 'history') throw error;
    throw new NotFoundError(`no build "${spec.ref}" to compare with in the history of builder "${ctx.session?.builder.name ?? ''}"`, {
      cause: error,
    });
  }
}

// A report directory keeps no history of earlier builds: the one to compare with must be named.
function nameOne(spec: SourceSpec): BaselineFinder {
  return async () => ({
    topic: 'cache',
    message: `no earlier build to compare with: name one with \`buildlens why ${describeSource(spec)} --compare SOURCE\``,
  });
}
