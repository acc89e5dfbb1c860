import { ProgressCollector } from '../collect/progress.js';
import { readReportDir } from '../report-dir/index.js';
import type { BuildEvidence, ReportSource } from './source.js';

// A buildlens report directory (or its report.json) as a source: the report
// as it was written, not assembled again, and the cache inputs kept beside
// it (which context files each COPY read, build-arg fingerprints), so a
// later build on another machine can explain its cache misses against it.
// Reading it needs no builder; it has no layers to read.

/** The source of a report directory or report.json; a directory without report.json is a ReportDirError (exit 2). */
export async function reportDirSource(path: string): Promise<ReportSource> {
  const contents = await readReportDir(path);
  const { report, cacheInputs } = contents;
  return {
    kind: 'report',
    async collect(): Promise<BuildEvidence> {
      const evidence: BuildEvidence = {
        kind: 'report',
        ref: report.build.ref,
        builder: { name: report.build.builder, driver: report.build.driver, ...(report.build.node ? { node: report.build.node } : {}) },
        progress: new ProgressCollector(),
        platforms: report.build.platforms,
        buildArgNames: Object.keys(cacheInputs?.buildArgs ?? {}).sort(),
        secretValues: [],
        dockerfile: { path: report.build.dockerfile },
        notes: [...contents.notes],
        stored: cacheInputs ? { report, cacheInputs } : { report },
      };
      if (report.build.target) evidence.target = report.build.target;
      return evidence;
    },
  };
}
