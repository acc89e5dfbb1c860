// The report formats a report directory can hold, by their --report-format
// names. json is always written; the others on request.

/** Every --report-format name, in the order help lists them. */
export const REPORT_FORMATS = ['json', 'md', 'sarif', 'html', 'gitlab'] as const;

/** A --report-format name. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A comma list of formats, checked; the error text names the bad one and the choices. */
export function parseReportFormats(value: string): ReportFormat[] | { error: string } {
  const formats = value
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const bad = formats.find((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  if (bad !== undefined || formats.length === 0)
    return { error: `unknown format "${bad ?? value}" (choose from ${REPORT_FORMATS.join(', ')})` };
  return formats as ReportFormat[];
}
