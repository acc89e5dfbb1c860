import { reportSchema, type Report } from '../model/report.js';

// The JSON rendering of a report (validated against schema v1);
// report-dir.ts writes the directory.

/** A renderer of one report format. */
export type Renderer = (report: Report) => string;

/** Validates the report against schema v1 and returns its JSON text. */
export function renderJson(report: Report): string {
  const checked = reportSchema().safeParse(report);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`internal error: report does not match schema v1 at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`);
  }
  return `${JSON.stringify(checked.data, null, 2)}\n`;
}
