import { analyze } from '../analysis/engine.js';
import type { RerunHistory } from './reruns.js';
import type { RulesConfig } from '../analysis/input.js';
import { errorMessage } from '../core/errors.js';
import type { DockerfileModel } from '../dockerfile/model.js';
import type { ContextFacts, ImageLayerFacts } from '../model/facts.js';
import type { Finding, Report } from '../model/report.js';

// Adds the rules' findings, and BuildKit's own build checks, to a report.
// The rules need the Dockerfile (from the provenance, the error details or
// the disk); without it they do not run and a note says so, while the build
// checks, which carry their own lines, are still reported.

/** What the rules measure besides the report. */
export interface FindingInputs {
  config: RulesConfig;
  buildArgNames: string[];
  layers?: ImageLayerFacts;
  context?: ContextFacts;
  rerunHistory?: RerunHistory;
  /** BuildKit's build checks as findings (analysis/build-checks.ts). */
  buildChecks?: Finding[];
}

/** Runs the rules over a report and stores the findings in it. */
export function addFindings(report: Report, dockerfile: DockerfileModel | undefined, inputs: FindingInputs): void {
  if (dockerfile === undefined) {
    report.notes.push({ topic: 'findings', message: "the Dockerfile text is not available: no findings of buildlens's rules" });
    report.findings = (inputs.buildChecks ?? []).filter((f) => inputs.config.rules[f.rule] !== 'off');
    return;
  }
  // BuildKit could not read the Dockerfile (a parse error): what buildlens parsed of it is no ground for advice.
  if (
    report.build.status === 'failed' &&
    report.steps.length === 0 &&
    /dockerfile parse error|failed to (read|parse) dockerfile/i.test(report.build.error?.message ?? '')
  ) {
    report.notes.push({ topic: 'findings', message: 'the Dockerfile did not parse: no findings until it does' });
    return;
  }
  try {
    // A rule that throws costs only its own findings; the report says which one failed.
    const { findings, failures } = analyze({
      report,
      dockerfile,
      buildArgNames: inputs.buildArgNames,
      config: inputs.config,
      ...(inputs.layers ? { layers: inputs.layers } : {}),
      ...(inputs.context ? { context: inputs.context } : {}),
      ...(inputs.rerunHistory ? { rerunHistory: inputs.rerunHistory } : {}),
      ...(inputs.buildChecks ? { buildChecks: inputs.buildChecks } : {}),
    });
    report.findings = findings;
    for (const failure of failures) report.notes.push({ topic: 'findings', message: failure.message });
  } catch (error) {
    report.notes.push({ topic: 'findings', message: `rules could not run: ${errorMessage(error)}` });
  }
}
