import { appendFile } from 'node:fs/promises';
import { BuildlensError, ReportNotWrittenError } from '../core/errors.js';
import type { ImageFileTrees } from '../model/file-tree.js';
import type { Report } from '../model/report.js';
import { githubAnnotations } from './annotations.js';
import { renderGitlabCodeQuality } from './gitlab.js';
import { renderHtml } from './html/index.js';
import { renderMarkdown } from './markdown.js';
import { writeReportFiles } from './report-dir.js';
import type { Renderer } from './json.js';

// The report formats buildlens can write, by --report-format name.

/** What a format may show beyond report.json: made while the layers were read, never written as a file of its own. */
export interface ReportExtras {
  /** The HTML page's file browser. */
  fileTrees?: ImageFileTrees | undefined;
}

// json, md, sarif and txt are the report writer's own; these come from elsewhere.
function extraRenderers(extras: ReportExtras): Record<string, { file: string; render: Renderer }> {
  return {
    html: { file: 'report.html', render: (r) => renderHtml(r, extras.fileTrees ? { fileTrees: extras.fileTrees } : {}) },
    gitlab: { file: 'gl-code-quality-report.json', render: (r) => renderGitlabCodeQuality(r, r.build.dockerfile) },
  };
}

/** Writes report.json plus the requested formats into dir; returns what it wrote. */
export async function writeRequestedReports(
  dir: string,
  report: Report,
  formats: string[] = ['json'],
  extras: ReportExtras = {},
): Promise<string[]> {
  try {
    return await writeReportFiles(dir, report, formats, { renderers: extraRenderers(extras) });
  } catch (error) {
    // A full disk, a read-only mount: one line naming the directory, and the files there untouched.
    throw error instanceof BuildlensError ? error : new ReportNotWrittenError(dir, error);
  }
}

/** Whether the formats asked for show the file browser (worth making its trees while the layers are read). */
export function wantsFileTrees(formats: readonly string[] | undefined): boolean {
  return formats?.includes('html') ?? false;
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
