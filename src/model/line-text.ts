import type { Report } from './report.js';

// What a Dockerfile line says, for views that name a line: the instruction
// of the step there, else the line as the report's copy of the Dockerfile
// has it (a FROM BuildKit merged into another stage's, an ARG a finding names).

/** The instruction at `line`, or undefined when the report holds neither a step there nor the Dockerfile's lines. */
export function textAtLine(report: Report, line: number): string | undefined {
  const step = report.steps.find((s) => s.line === line);
  if (step) return step.instruction;
  const text = report.dockerfileLines?.[line - 1];
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}
