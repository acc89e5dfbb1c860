import type { Report } from '../model/report.js';
import { renderTerminal } from '../report/terminal.js';
import { writeReportFiles, type Renderer } from '../report/write.js';

// The report formats buildlens can write, by --report-format name.

const RENDERERS: Record<string, { file: string; render: Renderer }> = {
  txt: { file: 'report.txt', render: (r) => renderTerminal(r) },
};

/** Writes report.json plus the requested formats into dir; returns what it wrote. */
export async function writeRequestedReports(dir: string, report: Report, formats: string[] = ['json']): Promise<string[]> {
  const chosen: Record<string, { file: string; render: Renderer }> = {};
  for (const format of formats) {
    const renderer = RENDERERS[format];
    if (renderer) chosen[format] = renderer;
  }
  return writeReportFiles(dir, report, chosen);
}
