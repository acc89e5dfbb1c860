import { assembleEvidence } from '../assemble/from-evidence.js';
import { errorMessage } from '../core/errors.js';
import type { Fingerprinter } from '../report-dir/index.js';
import type { ReportSource } from '../sources/source.js';
import { baselineOf, type BaselineFinder } from './cache-compare.js';

// Baselines named by the user rather than searched for: any source (an
// exported build record, a report directory) as the build to compare with,
// and a chain of finders where the first that finds a build wins.

/** The build a source holds, as the baseline (named explicitly: no similarity check). */
export function sourceBaseline(source: ReportSource, fingerprinter?: Fingerprinter): BaselineFinder {
  return async () => {
    const evidence = await source.collect();
    const report = evidence.stored?.report ?? assembleEvidence(evidence).report;
    return baselineOf(evidence, report, fingerprinter);
  };
}

/** The first finder's baseline; when it finds none (or fails), the next one's; the last one's note when none finds one. */
export function firstBaseline(...finders: BaselineFinder[]): BaselineFinder {
  return async (current, evidence) => {
    let last: Awaited<ReturnType<BaselineFinder>> = { topic: 'cache', message: 'no earlier build to compare with' };
    for (const [index, find] of finders.entries()) {
      try {
        last = await find(current, evidence);
      } catch (error) {
        // The last finder's failure is the caller's to report; an earlier one's only moves on.
        if (index === finders.length - 1) throw error;
        last = { topic: 'cache', message: `cache misses not explained: ${errorMessage(error)}` };
      }
      if (!('topic' in last)) return last;
    }
    return last;
  };
}
