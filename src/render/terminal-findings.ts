import { savingsByLine, totalSavings } from '../model/savings.js';
import type { Finding, Report, Severity } from '../model/report.js';
import { textAtLine } from '../model/line-text.js';
import { redactInstruction } from '../dockerfile/redact-instruction.js';
import { bytes, duration, lines, oneLine } from '../core/format.js';
import { fit, type Style } from './terminal-style.js';

// Findings grouped by the Dockerfile line to change, the most valuable line
// first: the most severe, then what fixing it saves (savingsByLine: the same
// bytes are never promised twice).

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The findings on one Dockerfile line. */
export interface LineGroup {
  line: number;
  endLine: number;
  findings: Finding[];
  severity: Severity;
  savingsBytes: number;
  savingsMs: number;
}

/** Groups findings by line, most valuable first; within a line, most severe first. */
export function groupByLine(findings: Finding[]): LineGroup[] {
  const saved = savingsByLine(findings);
  const groups = new Map<number, LineGroup>();
  for (const f of findings) {
    const group = groups.get(f.line) ?? {
      line: f.line,
      endLine: f.endLine,
      findings: [],
      severity: f.severity,
      savingsBytes: 0,
      savingsMs: 0,
    };
    group.findings.push(f);
    group.endLine = Math.max(group.endLine, f.endLine);
    if (RANK[f.severity] < RANK[group.severity]) group.severity = f.severity;
    group.savingsBytes = saved.get(f.line)?.bytes ?? 0;
    group.savingsMs = saved.get(f.line)?.ms ?? 0;
    groups.set(f.line, group);
  }
  for (const g of groups.values())
    g.findings.sort((a, b) => RANK[a.severity] - RANK[b.severity] || (b.savingsBytes ?? 0) - (a.savingsBytes ?? 0));
  return [...groups.values()].sort(
    (a, b) => RANK[a.severity] - RANK[b.severity] || b.savingsBytes - a.savingsBytes || b.savingsMs - a.savingsMs || a.line - b.line,
  );
}

function saves(bytesSaved: number, ms: number): string {
  return [bytesSaved ? bytes(bytesSaved) : '', ms ? duration(ms) : ''].filter(Boolean).join(' and ');
}

/** The findings section of the terminal summary (empty when there are none). */
export function findingsSection(report: Report, width: number, s: Style, maxLines = 10): string[] {
  if (report.findings.length === 0) return [];
  const total = totalSavings(report.findings);
  const promise = saves(total.bytes, total.ms);
  const out = [
    fit(
      `  findings: ${report.findings.length}${promise ? ` · fixing them saves up to ${promise}` : ''} (buildlens explain BL0xx tells how)`,
      width,
    ),
  ];
  const paint = { error: s.red, warning: s.yellow, info: s.cyan };
  const groups = groupByLine(report.findings);
  for (const group of groups.slice(0, maxLines)) {
    const text = textAtLine(report, group.line);
    const saving = saves(group.savingsBytes, group.savingsMs);
    const head =
      `    ${lines(group.line, group.endLine).padEnd(12)} ` +
      `${text !== undefined ? oneLine(redactInstruction(text), Number.isFinite(width) ? 60 : Infinity) : ''}`;
    const tail = saving ? `  saves ${saving}` : '';
    out.push(`${s.bold(fit(head, Math.max(20, width - tail.length)))}${s.green(tail)}`);
    for (const f of group.findings) {
      // The advice is at the end of the message: wrap it under the rule, never cut it.
      const [first, ...rest] = fit(`${f.rule} ${oneLine(f.message, Infinity)}`, width - 14).split('\n');
      out.push(`      ${paint[f.severity](f.severity.padEnd(7))} ${first ?? ''}`, ...rest.map((l) => `${' '.repeat(14)}${l}`));
    }
  }
  if (groups.length > maxLines) out.push(s.dim(`    … and findings on ${groups.length - maxLines} more line(s) in report.json`));
  return out;
}
