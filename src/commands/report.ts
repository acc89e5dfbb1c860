import { NotFoundError } from '../core/errors.js';
import { reportForRef } from '../sources/history.js';
import { renderTerminal } from '../render/terminal.js';
import { renderJson } from '../render/json.js';
import { withBuilder } from '../builder/connect.js';
import { defaultConfig, loadConfig } from '../config/config.js';
import { explainPastBuild } from '../enrich/cache-compare.js';
import { addFindings } from '../enrich/findings.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../exec/run.js';
import type { Report } from '../model/report.js';
import { emitCiAnnotations, writeRequestedReports } from '../render/outputs.js';

// `buildlens report [REF|last]`: the report of a build already in history,
// without rebuilding; works for builds started by plain `docker buildx build`.

/** Options of `buildlens report`. */
export interface ReportOptions {
  ref: string;
  builder?: string;
  json?: boolean;
  reportDir?: string;
  reportFormats?: string[];
  quiet?: boolean;
  open?: boolean;
}

/** Runs `buildlens report`; returns the exit code. */
export async function runReport(opts: ReportOptions): Promise<number> {
  return withBuilder(opts.builder ? { builder: opts.builder } : {}, async ({ builder, node, client }) => {
    let ref = opts.ref;
    if (ref === 'last') {
      const latest = (await client.listRecords()).find((r) => r.completedAt !== undefined);
      if (!latest) throw new NotFoundError(`builder "${builder.name}" has no finished builds in its history`);
      ref = latest.ref;
    } else if (!(await client.getRecord(ref))) {
      throw new NotFoundError(`no build "${ref}" in the history of builder "${builder.name}" (\`buildlens history\` lists them)`);
    }
    const target = { name: builder.name, driver: builder.driver, node };
    const built = await reportForRef({ client, builder: target, ref });
    const { report, record } = built;
    // A report without its cache comparison is still a report.
    const { stateRecord } = await explainPastBuild({ client, builder: target, report, ...(record ? { record } : {}) }).catch(() => ({ stateRecord: undefined }));
    const config = await loadConfig(stateRecord?.contextDir || undefined).catch(() => defaultConfig());
    addFindings(built, { config: config.rules });
    if (opts.reportDir) await writeRequestedReports(opts.reportDir, report, opts.reportFormats);
    emitCiAnnotations(report);
    if (opts.open) await openHtml(report, opts.reportDir);
    if (opts.json) process.stdout.write(renderJson(report));
    else if (!opts.quiet) process.stdout.write(renderTerminal(report, { color: Boolean(process.stdout.isTTY) }));
    return 0;
  });
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
