import { analyze } from '../analysis/engine.js';
import type { RulesConfig } from '../analysis/input.js';
import type { ContextFacts } from '../model/facts.js';
import type { BuildReport } from '../sources/history.js';
import { errorMessage } from '../core/errors.js';

// Adds the rules' findings to a report. Needs the Dockerfile text (from the
// provenance or the error details); without it, says so in a note.

/** Runs the rules over an assembled report and stores the findings in it. */
export function addFindings(built: BuildReport, opts: { config: RulesConfig; context?: ContextFacts; buildArgNames?: string[]; rerunHistory?: Record<string, { reran: number; builds: number }> }): void {
  const { report } = built;
  if (built.dockerfile === undefined) {
    report.notes.push({ topic: 'findings', message: 'the Dockerfile text is not available: no findings' });
    return;
  }
  const names = opts.buildArgNames ?? Object.keys(built.record?.frontendAttrs ?? {}).filter((k) => k.startsWith('build-arg:')).map((k) => k.slice(10));
  try {
    // A rule that throws costs only its own findings; the report says which one failed.
    const { findings, failures } = analyze({
      report,
      dockerfile: built.dockerfile,
      ...(built.layers ? { layers: built.layers } : {}),
      ...(opts.context ? { context: opts.context } : {}),
      buildArgNames: names,
      config: opts.config,
      ...(opts.rerunHistory ? { rerunHistory: opts.rerunHistory } : {}),
    });
    report.findings = findings;
    for (const failure of failures) report.notes.push({ topic: 'findings', message: failure.message });
  } catch (error) {
    report.notes.push({ topic: 'findings', message: `rules could not run: ${errorMessage(error)}` });
  }
}
