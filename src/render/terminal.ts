import type { Report } from '../model/report.js';
import { missCost, missReason } from './why.js';
import { redactInstruction } from '../dockerfile/redact-instruction.js';
import { bytes, duration, lines, oneLine } from '../core/format.js';
import { findingsSection } from './terminal-findings.js';
import { imageHeader, imageSection } from './terminal-image.js';
import { NOT_IN_FINAL_IMAGE, slowestRows } from './slowest.js';
import { fit, style, type Style } from './terminal-style.js';

// The after-build summary for a terminal or a CI log: plain text, no control
// codes unless colour is asked for; on a terminal long lines wrap to its
// width, elsewhere (a CI log, report.txt) they are left whole.

/** Options of the terminal summary. */
export interface TerminalOptions {
  color?: boolean;
  /** Columns available (a terminal's); longer lines wrap. Absent: no limit. */
  width?: number;
  /** How many of the slowest steps to list. */
  slowest?: number;
  /** How many Dockerfile lines with findings to list. */
  findingLines?: number;
}

function header(report: Report, width: number, s: Style): string[] {
  const { build, cache } = report;
  // It is the build that succeeded or failed, not buildlens.
  const status = build.status === 'success' ? s.green('succeeded') : s.red(build.status === 'canceled' ? 'was canceled' : 'failed');
  const rest =
    ` in ${duration(build.durationMs)} · ${build.dockerfile}${build.target ? ` (target ${build.target})` : ''} · ref ` + `${build.ref}`;
  const out = [`${s.bold('buildlens:')} build ${status}${fit(rest, Math.max(10, width - 30))}`];
  const hits =
    cache.steps > 0 ? `${cache.cached}/${cache.steps} steps cached (${Math.round(cache.ratio * 100)}%)` : 'no Dockerfile step ran';
  out.push(fit(`  cache: ${hits}${build.contextBytes !== undefined ? ` · context ${bytes(build.contextBytes)}` : ''}`, width));
  if (build.error) {
    const where = build.error.line ? `failed at ${lines(build.error.line, build.error.endLine ?? build.error.line)}: ` : 'error: ';
    out.push(s.red(fit(`  ${where}${oneLine(build.error.message, Infinity)}`, width)));
    for (const line of build.error.logTail.slice(-5)) out.push(fit(`    | ${oneLine(line, Infinity)}`, width));
  }
  // Steps BuildKit stopped because another failed (or on Ctrl-C): canceled, not failed.
  for (const step of report.steps.filter((st) => st.canceled)) {
    out.push(
      s.yellow(
        fit(
          `  canceled at ${lines(step.line, step.endLine)}: ${oneLine(redactInstruction(step.instruction), Infinity)} (did not fail)`,
          width,
        ),
      ),
    );
  }
  return out;
}

function timings(report: Report, width: number, s: Style, slowest: number): string[] {
  const out: string[] = [];
  if (report.stages.length > 0) {
    out.push('  stages:');
    for (const stage of report.stages)
      out.push(
        fit(
          `    ${`${stage.platform ? `${stage.platform} ` : ''}${stage.name}`.padEnd(16)} ${duration(stage.durationMs).padStart(8)}  ` +
            `${stage.cachedSteps}/${stage.steps} cached`,
          width,
        ),
      );
  }
  const slow = slowestRows(report, slowest);
  if (slow.length > 0) {
    out.push('  slowest steps:');
    for (const row of slow) {
      const where = row.step ? lines(row.step.line, row.step.endLine) : '(BuildKit)';
      const what = row.step ? redactInstruction(row.step.instruction) : row.internal.name;
      // A builder stage's step has no layer in the image: said, so its time is not mistaken for the image's.
      const marks = [
        ...(row.step?.canceled ? ['canceled'] : row.step?.criticalPath ? ['critical path'] : []),
        ...(row.step?.inFinalImage === false ? [NOT_IN_FINAL_IMAGE] : []),
      ];
      const suffix = marks.length > 0 ? ` (${marks.join(', ')})` : '';
      const text = fit(`    ${duration(row.ms).padStart(8)}  ${where.padEnd(12)} ${oneLine(what, width)}`, width - suffix.length);
      out.push(`${text}${s.dim(suffix)}`);
    }
  }
  return out;
}

// One or two lines: the first root miss, then what re-ran because of it and what that cost.
function cacheMisses(report: Report, width: number): string[] {
  const misses = report.cacheMisses ?? [];
  const root = misses.find((m) => m.root) ?? misses[0];
  if (!root) return [];
  const out = [
    fit(
      `  cache: line ${root.line} \`${oneLine(redactInstruction(root.instruction ?? ''), Number.isFinite(width) ? 40 : Infinity)}\` ` +
        `missed: ${missReason(root)}`,
      width,
    ),
  ];
  const followers = misses.filter((m) => m.cause === 'parent-missed').length;
  const cost = missCost(report);
  if (followers > 0 || cost > 0)
    out.push(
      fit(
        `         ${followers} later step(s) re-ran as a result${cost > 0 ? `: ${duration(cost)} spent re-running cached steps` : ''} ` +
          `(buildlens why ${report.build.ref})`,
        width,
      ),
    );
  return out;
}

/** The summary in one line, for -q: status, time, cache, image, findings. */
export function renderOneLine(report: Report): string {
  const { build, cache, image, findings } = report;
  const status = build.status === 'success' ? 'succeeded' : build.status === 'canceled' ? 'was canceled' : 'failed';
  const parts = [`buildlens: build ${status} in ${duration(build.durationMs)}`, `${cache.cached}/${cache.steps} cached`];
  if (image) parts.push(`image ${bytes(image.uncompressedSize)}${image.partial ? ' (partial)' : ''}`);
  if (findings.length > 0) parts.push(`${findings.length} finding(s)`);
  return `${parts.join(' · ')} · ref ${build.ref}\n`;
}

/** Renders the report as a short summary, newline-terminated. */
export function renderTerminal(report: Report, opts: TerminalOptions = {}): string {
  const width = Math.max(40, opts.width ?? Infinity);
  const s = style(opts.color ?? false);
  const isImage = report.source?.kind === 'image';
  const out = [
    ...(isImage ? imageHeader(report, width, s) : header(report, width, s)),
    ...(isImage ? [] : timings(report, width, s, opts.slowest ?? 5)),
    ...imageSection(report, width),
    ...cacheMisses(report, width),
    ...findingsSection(report, width, s, opts.findingLines ?? 10),
    ...report.notes.map((note) => s.dim(fit(`  note (${note.topic}): ${note.message}`, width))),
  ];
  return `${out.join('\n')}\n`;
}
