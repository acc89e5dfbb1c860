import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withNodes } from '../builder/nodes.js';
import type { ReportFormat } from '../core/report-formats.js';
import { runCommand } from '../exec/run.js';
import type { Report } from '../model/report.js';
import { reportOfHistoryRef, resolveHistoryRef } from '../pipeline/history-ref.js';
import { reportFromSource } from '../pipeline/report.js';
import { isRecordFileSource, recordFileSource } from '../sources/record-file.js';
import { renderJson } from '../render/json.js';
import { emitCiAnnotations, writeRequestedReports } from '../render/outputs.js';
import { renderTerminal } from '../render/terminal.js';

// `buildlens report [REF|last]`: the report of a build already in history,
// without rebuilding; works for builds started by plain `docker buildx build`.

/** Options of `buildlens report`. */
export interface ReportOptions {
  ref: string;
  builder?: string | undefined;
  json?: boolean | undefined;
  reportDir?: string | undefined;
  reportFormats?: ReportFormat[] | undefined;
  quiet?: boolean | undefined;
  open?: boolean | undefined;
}

/** Runs `buildlens report`: resolve the source → report → write, annotate, print. */
export async function runReport(opts: ReportOptions): Promise<number> {
  // An exported build record needs no builder.
  if (isRecordFileSource(opts.ref)) {
    const { report } = await reportFromSource(await recordFileSource(opts.ref), { measureLayers: false });
    return show(report, opts);
  }
  return withNodes({ builder: opts.builder }, async (nodes) => {
    const target = await resolveHistoryRef(nodes, opts.ref);
    const { report } = await reportOfHistoryRef(target, { measureLayers: true }, nodes);
    return show(report, opts);
  });
}

// The report directory, CI annotations, the browser, and stdout.
async function show(report: Report, opts: ReportOptions): Promise<number> {
  if (opts.reportDir) await writeRequestedReports(opts.reportDir, report, opts.reportFormats);
  emitCiAnnotations(report);
  if (opts.open) await openHtml(report, opts.reportDir);
  if (opts.json) process.stdout.write(renderJson(report));
  else if (!opts.quiet) process.stdout.write(renderTerminal(report, { color: Boolean(process.stdout.isTTY) }));
  return 0;
}

// Writes report.html (into the report dir, else a temp dir) and opens it where a browser can be started.
async function openHtml(report: Report, dir?: string): Promise<void> {
  const target = dir ?? (await mkdtemp(join(tmpdir(), 'buildlens-report-')));
  const [path] = (await writeRequestedReports(target, report, ['html'])).filter((p) => p.endsWith('.html'));
  if (!path) return;
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'start' : 'xdg-open';
  const opened = process.env.DISPLAY || process.env.WAYLAND_DISPLAY || process.platform !== 'linux' ? await runCommand(opener, [path]).then((r) => r.exitCode === 0, () => false) : false;
  process.stderr.write(opened ? `buildlens: opened ${path}\n` : `buildlens: report written to ${path} (no browser to open it here)\n`);
}
