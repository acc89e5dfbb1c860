import { defaultConfig } from '../config/config.js';
import type { BuildEvidence, StoredReport } from '../sources/source.js';
import { explainMisses, type EnrichedReport, type EnrichOptions } from './enrich.js';

// A report read back from a report directory is finished already: its image,
// findings and notes stay as they were written. Only the cache comparison is
// made again when a baseline is given, since what it is compared with is
// what the command asked for now.

/** The stored report, with its cache misses explained against the baseline when one is given. */
export async function enrichStored(
  stored: StoredReport,
  evidence: BuildEvidence,
  opts: Pick<EnrichOptions, 'baseline'>,
): Promise<EnrichedReport> {
  const report = structuredClone(stored.report);
  report.source = { kind: 'report' };
  if (opts.baseline) {
    delete report.cacheMisses;
    delete report.compareRef;
    // Notes on the earlier comparison no longer apply.
    report.notes = report.notes.filter((n) => n.topic !== 'cache');
  }
  // What reading the directory found (a cache-inputs.json that could not be used).
  report.notes.push(...evidence.notes.filter((n) => !report.notes.some((m) => m.message === n.message)));
  if (opts.baseline) await explainMisses({ report, llbStepOf: new Map() }, evidence, opts.baseline, false);
  return { report, config: defaultConfig() };
}
