import { assembleEvidence } from '../assemble/from-evidence.js';
import { BuildlensError, UsageError } from '../core/errors.js';
import { baselineOf, type Baseline, type BaselineFinder } from '../enrich/cache-compare.js';
import type { Report } from '../model/report.js';
import type { Fingerprinter } from '../report-dir/index.js';
import { openRecordFileSource } from '../sources/record-file.js';
import { reportDirSource } from '../sources/report-dir.js';
import { parseSourceSpec } from '../sources/source-spec.js';
import type { ReportSource } from '../sources/source.js';

// `build --baseline PREV`: an earlier build kept as a file (a report
// directory, its report.json, or an exported .dockerbuild), typically the
// previous CI run's artifact. It is opened before buildx runs, so a bad one
// stops the build as a usage error; it is read once and serves both the
// growth gates (its report) and the cache comparison (when the builder has
// no comparable build of its own).

/** The earlier build `--baseline` names. */
export interface NamedBaseline {
  /** Its report, for the growth gates. */
  report(): Promise<Report>;
  /** It as the build the cache misses are explained against; `fingerprinter` is the current build's key. */
  finder(fingerprinter?: Fingerprinter): BaselineFinder;
}

/** Opens PREV; anything that is not a readable report or record is a UsageError naming `flag`. */
export async function openNamedBaseline(text: string, flag = '--baseline'): Promise<NamedBaseline> {
  const source = await openFileSource(text, flag);
  let loading: Promise<Baseline> | undefined;
  const load = (): Promise<Baseline> => {
    loading ??= source.collect().then((evidence) => baselineOf(evidence, evidence.stored?.report ?? assembleEvidence(evidence).report));
    return loading;
  };
  return {
    report: async () => (await load()).report,
    finder: (fingerprinter) => async () => {
      const baseline = await load();
      return fingerprinter ? { ...baseline, fingerprinter } : baseline;
    },
  };
}

async function openFileSource(text: string, flag: string): Promise<ReportSource> {
  try {
    const spec = parseSourceSpec(text);
    if (spec.kind === 'record-file') return (await openRecordFileSource(spec)).source;
    if (spec.kind === 'report') return await reportDirSource(spec.path);
    throw new UsageError(`${text} is not a file or directory (${flag} takes a report directory, a report.json or a .dockerbuild)`);
  } catch (error) {
    if (error instanceof BuildlensError && error.exitCode === 2) throw new UsageError(`${flag}: ${error.message}`, { cause: error });
    throw error;
  }
}
