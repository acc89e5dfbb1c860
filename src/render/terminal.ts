import type { Report } from '../model/report.js';
import { missCost, missReason } from './why.js';
import { redactInstruction } from './redact-instruction.js';
import { bytes, duration, lines, oneLine } from '../core/format.js';
import { findingsSection } from './terminal-findings.js';
import { fit, style, type Style } from './terminal-style.js';

// The after-build summary for a terminal or a CI log: plain text, no control
// codes unless colour is asked for, every line cut to the terminal's width.

/** Options of the terminal summary. */
export interface TerminalOptions {
  color?: boolean;
  /** Columns available; lines longer than this are cut with an ellipsis. */
  width?: number;
  /** How many of the slowest steps to list. */
  slowest?: number;
  /** How many Dockerfile lines with findings to list. */
  findingLines?: number;
}

function header(report: Report, width: number, s: Style): string[] {
  const { build, cache } = report;
  const status = build.status === 'success' ? s.green('success') : s.red(build.status);
  const rest = ` in ${duration(build.durationMs)} · ${build.dockerfile}${build.target ? ` (target ${build.target})` : ''} · ref ${build.ref}`;
  const out = [`${s.bold('buildlens')} ${status}${fit(rest, Math.max(10, width - 20))}`];
  out.push(fit(`  cache: ${cache.cached}/${cache.steps} steps cached (${Math.round(cache.ratio * 100)}%)${build.contextBytes !== undefined ? ` · context ${bytes(build.contextBytes)}` : ''}`, width));
  if (build.error) {
    const where = build.error.line ? `${lines(build.error.line, build.error.endLine ?? build.error.line)}: ` : '';
    out.push(s.red(fit(`  failed at ${where}${oneLine(build.error.message, width)}`, width)));
    for (const line of build.error.logTail.slice(-5)) out.push(fit(`    | ${oneLine(line, width)}`, width));
  }
  return out;
}

function timings(report: Report, width: number, s: Style, slowest: number): string[] {
  const out: string[] = [];
  if (report.stages.length > 0) {
    out.push('  stages:');
    for (const stage of report.stages) out.push(fit(`    ${`${stage.platform ? `${stage.platform} ` : ''}${stage.name}`.padEnd(16)} ${duration(stage.durationMs).padStart(8)}  ${stage.cachedSteps}/${stage.steps} cached`, width));
  }
  const slow = report.steps.filter((st) => !st.cached && st.durationMs > 0).sort((a, b) => b.durationMs - a.durationMs).slice(0, slowest);
  if (slow.length > 0) {
    out.push('  slowest steps:');
    for (const step of slow) {
      const critical = step.criticalPath ? ' (critical path)' : '';
      const text = fit(`    ${duration(step.durationMs).padStart(8)}  ${lines(step.line, step.endLine).padEnd(12)} ${oneLine(redactInstruction(step.instruction), width)}`, width - critical.length);
      out.push(`${text}${s.dim(critical)}`);
    }
  }
  return out;
}

function image(report: Report, width: number): string[] {
  const img = report.image;
  if (!img) return [];
  const out = [fit(`  image: ${bytes(img.size)} compressed, ${bytes(img.uncompressedSize)} uncompressed · wasted ${bytes(img.wastedBytes)} · efficiency ${(img.efficiency * 100).toFixed(1)}%`, width)];
  for (const layer of [...img.layers].sort((a, b) => b.uncompressedSize - a.uncompressedSize).slice(0, 5)) {
    const step = report.steps.find((st) => st.id === layer.step) ?? (layer.base ? undefined : report.steps.find((st) => st.line === layer.line));
    const label = layer.base ? 'base image' : step ? oneLine(redactInstruction(step.instruction), width) : layer.digest.slice(0, 19);
    out.push(fit(`    ${bytes(layer.uncompressedSize).padStart(9)}  ${(layer.line ? `line ${layer.line}` : '').padEnd(9)} ${label}`, width));
  }
  return out;
}

// One or two lines: the first root miss, then what re-ran because of it and what that cost.
function cacheMisses(report: Report, width: number): string[] {
  const misses = report.cacheMisses ?? [];
  const root = misses.find((m) => m.root) ?? misses[0];
  if (!root) return [];
  const out = [fit(`  cache: line ${root.line} \`${oneLine(redactInstruction(root.instruction ?? ''), 40)}\` missed: ${missReason(root)}`, width)];
  const followers = misses.filter((m) => m.cause === 'parent-missed').length;
  const cost = missCost(misses);
  if (followers > 0 || cost > 0) out.push(fit(`         ${followers} later step(s) re-ran as a result${cost > 0 ? `: ${duration(cost)} spent re-running cached steps` : ''} (buildlens why ${report.build.ref})`, width));
  return out;
}

/** Renders the report as a short summary, newline-terminated. */
export function renderTerminal(report: Report, opts: TerminalOptions = {}): string {
  const width = Math.max(40, opts.width ?? 100);
  const s = style(opts.color ?? false);
  const out = [
    ...header(report, width, s),
    ...timings(report, width, s, opts.slowest ?? 5),
    ...image(report, width),
    ...cacheMisses(report, width),
    ...findingsSection(report, width, s, opts.findingLines ?? 10),
    ...report.notes.map((note) => s.dim(fit(`  note (${note.topic}): ${note.message}`, width))),
  ];
  return `${out.join('\n')}\n`;
}
