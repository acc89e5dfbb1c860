import type { Report } from '../model/report.js';
import { totalSavings } from '../analysis/engine.js';
import { missCost, missReason } from './cache-misses.js';
import { bytes, duration, lines, oneLine } from './format.js';

// The after-build summary for a terminal or a CI log: plain text, no control
// codes unless colour is asked for.

/** Options of the terminal summary. */
export interface TerminalOptions {
  color?: boolean;
  width?: number;
  slowest?: number;
}

/** Renders the report as a short summary. */
export function renderTerminal(report: Report, opts: TerminalOptions = {}): string {
  const width = opts.width ?? 100;
  const c = colors(opts.color ?? false);
  const out: string[] = [];
  const { build, cache } = report;
  const status = build.status === 'success' ? c.green('success') : c.red(build.status);
  out.push(`${c.bold('buildlens')} ${status} in ${duration(build.durationMs)} · ${build.dockerfile}${build.target ? ` (target ${build.target})` : ''} · ref ${build.ref}`);
  out.push(`  cache: ${cache.cached}/${cache.steps} steps cached (${Math.round(cache.ratio * 100)}%)${build.contextBytes !== undefined ? ` · context ${bytes(build.contextBytes)}` : ''}`);
  if (build.error) {
    const where = build.error.line ? `${lines(build.error.line, build.error.endLine ?? build.error.line)}: ` : '';
    out.push(c.red(`  failed at ${where}${oneLine(build.error.message, width - 20)}`));
    for (const line of build.error.logTail.slice(-5)) out.push(`    | ${oneLine(line, width - 6)}`);
  }
  if (report.stages.length > 0) {
    out.push('  stages:');
    for (const stage of report.stages) {
      out.push(`    ${stage.platform ? `${stage.platform} ` : ''}${stage.name.padEnd(16)} ${duration(stage.durationMs).padStart(8)}  ${stage.cachedSteps}/${stage.steps} cached`);
    }
  }
  const slow = report.steps.filter((s) => !s.cached && s.durationMs > 0).sort((a, b) => b.durationMs - a.durationMs).slice(0, opts.slowest ?? 5);
  if (slow.length > 0) {
    out.push('  slowest steps:');
    for (const step of slow) {
      const where = lines(step.line, step.endLine).padEnd(12);
      out.push(`    ${duration(step.durationMs).padStart(8)}  ${where} ${oneLine(step.instruction, width - 30)}${step.criticalPath ? c.dim(' (critical path)') : ''}`);
    }
  }
  if (report.image) {
    const img = report.image;
    out.push(`  image: ${bytes(img.size)} compressed, ${bytes(img.uncompressedSize)} uncompressed · wasted ${bytes(img.wastedBytes)} · efficiency ${(img.efficiency * 100).toFixed(1)}%`);
    const largest = [...img.layers].sort((a, b) => b.uncompressedSize - a.uncompressedSize).slice(0, 5);
    for (const layer of largest) {
      const step = report.steps.find((s) => s.id === layer.step);
      const label = layer.base ? 'base image' : step ? oneLine(step.instruction, width - 40) : layer.digest.slice(0, 19);
      out.push(`    ${bytes(layer.uncompressedSize).padStart(9)}  ${layer.line ? `line ${layer.line}`.padEnd(9) : ''.padEnd(9)} ${label}`);
    }
  }
  if (report.cacheMisses && report.cacheMisses.length > 0) {
    // One or two lines: the first root miss, then what re-ran because of it and what that cost.
    const root = report.cacheMisses.find((m) => m.root) ?? report.cacheMisses[0];
    if (root) {
      out.push(`  cache: line ${root.line} \`${oneLine(root.instruction ?? '', 40)}\` missed: ${missReason(root)}`);
      const followers = report.cacheMisses.filter((m) => m.cause === 'parent-missed');
      const cost = missCost(report.cacheMisses);
      if (followers.length > 0 || cost > 0) {
        out.push(`         ${followers.length} later step(s) re-ran as a result${cost > 0 ? `: ${duration(cost)} spent re-running cached steps` : ''} (buildlens why ${report.build.ref})`);
      }
    }
  }
  if (report.findings.length > 0) {
    const saved = totalSavings(report.findings);
    const promise = [saved.bytes ? bytes(saved.bytes) : '', saved.ms ? duration(saved.ms) : ''].filter(Boolean).join(' and ');
    out.push(`  findings: ${report.findings.length}${promise ? ` · fixing them saves up to ${promise}` : ''} (buildlens explain BL0xx tells how)`);
    for (const f of report.findings.slice(0, 10)) {
      const saving = f.savingsBytes ? ` · saves ${bytes(f.savingsBytes)}` : f.savingsMs ? ` · saves ${duration(f.savingsMs)}` : '';
      out.push(`    ${f.severity.padEnd(7)} ${f.rule} ${lines(f.line, f.endLine)}: ${oneLine(f.message, width - 30)}${saving}`);
    }
  }
  for (const note of report.notes) out.push(c.dim(`  note (${note.topic}): ${note.message}`));
  return `${out.join('\n')}\n`;
}

function colors(enabled: boolean): Record<'bold' | 'red' | 'green' | 'dim', (s: string) => string> {
  const wrap = (code: string) => (s: string) => (enabled ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { bold: wrap('1'), red: wrap('31'), green: wrap('32'), dim: wrap('2') };
}
