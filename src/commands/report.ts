import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { note } from '../core/log.js';
import { prepareWritableDir } from '../core/prepare-dir.js';
import type { ReportFormat } from '../core/report-formats.js';
import { runCommand } from '../exec/run.js';
import type { Report } from '../model/report.js';
import { openSource, withSources } from '../pipeline/open-source.js';
import { reportFromSource } from '../pipeline/report.js';
import { parseSourceSpec } from '../sources/source-spec.js';
import { renderJson } from '../render/json.js';
import { emitCiAnnotations, wantsFileTrees, writeJobSummary, writeRequestedReports, type ReportExtras } from '../render/outputs.js';
import { renderTerminal } from '../render/terminal.js';

// `buildlens report [SOURCE]`: the report of a build already made, without
// rebuilding: a history ref or `last` (builds started by plain `docker buildx
// build` too), an exported `.dockerbuild`, or a report directory.

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

/** Runs `buildlens report`: resolve the source (a builder only for a history ref) → report → write, annotate, print. */
export async function runReport(opts: ReportOptions): Promise<number> {
  if (opts.reportFormats && !opts.reportDir) throw new UsageError('--report-format needs --report-dir (where to write the files)');
  const spec = parseSourceSpec(opts.ref);
  return withSources(
    [spec],
    opts.builder,
    async (ctx) => {
      const opened = await openSource(spec, ctx);
      const { report, fileTrees } = await reportFromSource(opened.source, {
        // A report directory's report is finished; a record file's layers are analysed when the engine has them.
        measureLayers: spec.kind !== 'report',
        fileTrees: wantsFileTrees(opts.reportFormats) || opts.open === true,
        records: ctx.store ?? ctx.storeError,
        baseline: opened.ownBaseline,
      });
      return show(report, opts, { fileTrees });
    },
    // Which build `last` took is said on stderr, unless nothing but errors is wanted.
    { engineBlobs: true, ...(opts.quiet ? {} : { say: note }) },
  );
}

// The report directory, CI annotations, the browser, and stdout.
async function show(report: Report, opts: ReportOptions, extras: ReportExtras): Promise<number> {
  if (opts.reportDir) {
    await prepareWritableDir(opts.reportDir, '--report-dir');
    await writeRequestedReports(opts.reportDir, report, opts.reportFormats, extras);
  }
  await writeJobSummary(report);
  emitCiAnnotations(report);
  if (opts.open) await openHtml(report, extras, opts.reportDir);
  if (opts.json) process.stdout.write(renderJson(report));
  else if (!opts.quiet)
    process.stdout.write(
      renderTerminal(report, {
        color: Boolean(process.stdout.isTTY),
        ...(process.stdout.isTTY && process.stdout.columns ? { width: process.stdout.columns } : {}),
      }),
    );
  return 0;
}

// Writes report.html (into the report dir, else a temp dir) and opens it where a browser can be started.
async function openHtml(report: Report, extras: ReportExtras, dir?: string): Promise<void> {
  const target = dir ?? (await mkdtemp(join(tmpdir(), 'buildlens-report-')));
  const [path] = (await writeRequestedReports(target, report, ['html'], extras)).filter((p) => p.endsWith('.html'));
  if (!path) return;
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'start' : 'xdg-open';
  const opened =
    process.env.DISPLAY || process.env.WAYLAND_DISPLAY || process.platform !== 'linux'
      ? await runCommand(opener, [path]).then(
          (r) => r.exitCode === 0,
          () => false,
        )
      : false;
  process.stderr.write(opened ? `buildlens: opened ${path}\n` : `buildlens: report written to ${path} (no browser to open it here)\n`);
}
