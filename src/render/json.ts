import { writeFilesAtomic as writeAllShared } from '../core/atomic-write.js';
import { reportSchema, type Report } from '../model/report.js';

// The JSON rendering of a report (validated against schema v1) and the
// atomic write report files use: a killed buildlens never leaves a truncated
// report.json or a half-written baseline. report/json.ts writes the directory.

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

/** Writes a report's files atomically and together (readable by others, as
 *  reports are shared): a failure leaves all of them as they were. */
export function writeFilesAtomic(files: ReadonlyArray<{ path: string; text: string }>): Promise<void> {
  return writeAllShared(
    files.map((file) => ({ path: file.path, data: file.text })),
    { mode: 0o644 },
  );
}
