import { analyze } from '../analysis/engine.js';
import type { RerunHistory } from './reruns.js';
import type { RulesConfig } from '../analysis/input.js';
import { errorMessage } from '../core/errors.js';
import type { DockerfileModel } from '../dockerfile/model.js';
import type { ContextFacts, ImageLayerFacts } from '../model/facts.js';
import type { Report } from '../model/report.js';

// Adds the rules' findings to a report. Needs the Dockerfile (from the
// provenance, the error details or the disk); without it, says so in a note.

/** What the rules measure besides the report. */
export interface FindingInputs {
  config: RulesConfig;
  buildArgNames: string[];
  layers?: ImageLayerFacts;
  context?: ContextFacts;
  rerunHistory?: RerunHistory;
}

/** Runs the rules over a report and stores the findings in it. */
export function addFindings(report: Report, dockerfile: DockerfileModel | undefined, inputs: FindingInputs): void {
  if (dockerfile === undefined) {
    report.notes.push({ topic: 'findings', message: 'the Dockerfile text is not available: no findings' });
    return;
  }
  // BuildKit could not read the Dockerfile (a parse error): what buildlens parsed of it is no ground for advice.
  if (report.build.status === 'failed' && report.steps.length === 0 && /dockerfile parse error|failed to (read|parse) dockerfile/i.test(report.build.error?.message ?? '')) {
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
    });
    report.findings = findings;
    for (const failure of failures) report.notes.push({ topic: 'findings', message: failure.message });
  } catch (error) {
    report.notes.push({ topic: 'findings', message: `rules could not run: ${errorMessage(error)}` });
  }
}
