import type { ImageFileTrees } from '../../model/file-tree.js';
import type { Report } from '../../model/report.js';
import { duration } from '../../core/format.js';
import { renderDockerfile } from './dockerfile.js';
import { esc, jsonForScript } from './escape.js';
import { renderCacheMisses, renderFindings, renderNotes } from './findings.js';
import { FILES_DATA_ID, renderFiles, treesOfReport } from './files.js';
import { FILES_SCRIPT } from './files-script.js';
import { renderHeader } from './header.js';
import { renderLayers } from './layers.js';
import { SCRIPT } from './script.js';
import { STYLES } from './styles.js';
import { renderTimeline } from './timeline.js';

// The HTML report: one self-contained file (inline CSS, one small inline
// script, the report itself as JSON) that opens offline, from a CI artifact
// or an email attachment, and never reaches for the network.

// Blocks every fetch the page could attempt; a second line of defence behind
// the markup containing no external URL at all.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/** What the page shows beyond the report itself. */
export interface HtmlOptions {
  /** The layers' bounded file trees, for the file browser (absent: the page says why there is none). */
  fileTrees?: ImageFileTrees;
}

/** Renders the report as one self-contained HTML page. */
export function renderHtml(report: Report, opts: HtmlOptions = {}): string {
  const trees = treesOfReport(report, opts.fileTrees);
  const title = `buildlens · ${report.build.dockerfile} · ${report.build.status} in ${duration(report.build.durationMs)}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${esc(title)}</title>`,
    `<style>${STYLES}</style></head>`,
    '<body><main>',
    renderHeader(report),
    renderTimeline(report),
    renderDockerfile(report),
    renderLayers(report),
    renderFiles(report, trees),
    renderFindings(report),
    renderCacheMisses(report),
    renderNotes(report),
    `<footer>buildlens · schema v${report.schemaVersion} · the full report is embedded in this file as JSON (#buildlens-report)</footer>`,
    '</main>',
    `<script type="application/json" id="buildlens-report">${jsonForScript(report)}</script>`,
    ...(trees ? [`<script type="application/json" id="${FILES_DATA_ID}">${jsonForScript(trees)}</script>`] : []),
    `<script>${SCRIPT}${FILES_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
