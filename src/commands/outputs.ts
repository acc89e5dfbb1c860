import { appendFile } from 'node:fs/promises';
import type { Report } from '../model/report.js';
import { githubAnnotations } from '../report/annotations.js';
import { renderGitlabCodeQuality } from '../report/gitlab.js';
import { renderHtml } from '../report/html/index.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderSarif } from '../report/sarif.js';
import { renderTerminal } from '../report/terminal.js';
import { writeReportFiles, type Renderer } from '../report/write.js';

// The report formats buildlens can write, by --report-format name.

const RENDERERS: Record<string, { file: string; render: Renderer }> = {
  txt: { file: 'report.txt', render: (r) => renderTerminal(r) },
  md: { file: 'report.md', render: (r) => renderMarkdown(r) },
  sarif: { file: 'report.sarif', render: (r) => renderSarif(r) },
  html: { file: 'report.html', render: (r) => renderHtml(r) },
  gitlab: { file: 'gl-code-quality-report.json', render: (r) => renderGitlabCodeQuality(r, r.build.dockerfile) },
};

/** Writes report.json plus the requested formats into dir; returns what it wrote. */
export async function writeRequestedReports(dir: string, report: Report, formats: string[] = ['json']): Promise<string[]> {
  const chosen: Record<string, { file: string; render: Renderer }> = {};
  for (const format of formats) {
    const renderer = RENDERERS[format];
    if (renderer) chosen[format] = renderer;
  }
  const written = await writeReportFiles(dir, report, chosen);
  // Under GitHub Actions the Markdown report becomes the job summary.
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary) await appendFile(summary, `${renderMarkdown(report)}\n`).catch(() => undefined);
  return written;
}

/** Under GitHub Actions, findings become workflow annotations at their Dockerfile lines. */
export function emitCiAnnotations(report: Report): void {
  if (process.env.GITHUB_ACTIONS !== 'true') return;
  const text = githubAnnotations(report, report.build.dockerfile);
  if (text) process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}
