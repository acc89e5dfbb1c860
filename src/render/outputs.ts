import { appendFile } from 'node:fs/promises';
import type { Report } from '../model/report.js';
import { githubAnnotations } from './annotations.js';
import { renderGitlabCodeQuality } from './gitlab.js';
import { renderHtml } from './html/index.js';
import { renderMarkdown } from './markdown.js';
import { writeReportFiles } from './report-dir.js';
import type { Renderer } from './json.js';

// The report formats buildlens can write, by --report-format name.

// json, md, sarif and txt are the report writer's own; these come from elsewhere.
const EXTRA_RENDERERS: Record<string, { file: string; render: Renderer }> = {
  html: { file: 'report.html', render: (r) => renderHtml(r) },
  gitlab: { file: 'gl-code-quality-report.json', render: (r) => renderGitlabCodeQuality(r, r.build.dockerfile) },
};

/** Writes report.json plus the requested formats into dir; returns what it wrote. */
export async function writeRequestedReports(dir: string, report: Report, formats: string[] = ['json']): Promise<string[]> {
  return writeReportFiles(dir, report, formats, { renderers: EXTRA_RENDERERS });
}

/** Under GitHub Actions the Markdown report becomes the job summary, with or without a report directory. */
export async function writeJobSummary(report: Report): Promise<void> {
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary) await appendFile(summary, `${renderMarkdown(report)}\n`).catch(() => undefined);
}

/** Under GitHub Actions, findings become workflow annotations at their Dockerfile lines. */
export function emitCiAnnotations(report: Report): void {
  if (process.env.GITHUB_ACTIONS !== 'true') return;
  const text = githubAnnotations(report, report.build.dockerfile);
  if (text) process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}
