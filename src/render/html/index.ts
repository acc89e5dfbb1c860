import type { Report } from '../../model/report.js';
import { duration } from '../../core/format.js';
import { renderDockerfile } from './dockerfile.js';
import { esc, jsonForScript } from './escape.js';
import { renderCacheMisses, renderFindings, renderNotes } from './findings.js';
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

/** Renders the report as one self-contained HTML page. */
export function renderHtml(report: Report): string {
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
    renderFindings(report),
    renderCacheMisses(report),
    renderNotes(report),
    `<footer>buildlens · schema v${report.schemaVersion} · the full report is embedded in this file as JSON (#buildlens-report)</footer>`,
    '</main>',
    `<script type="application/json" id="buildlens-report">${jsonForScript(report)}</script>`,
    `<script>${SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
