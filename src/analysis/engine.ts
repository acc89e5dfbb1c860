import type { Finding } from '../model/report.js';
import type { AnalysisInput } from './input.js';
import { RULES } from './rules/index.js';

// Runs every enabled rule, drops findings a `# buildlens-ignore` comment
// silences, applies severity overrides, and orders the rest: most severe
// first, then by what fixing them saves.

const ORDER = { error: 0, warning: 1, info: 2 } as const;

/** The findings of a build. */
export function runRules(input: AnalysisInput): Finding[] {
  const ignored = new Map<number, Set<string>>();
  for (const stage of input.dockerfile.stages) for (const i of stage.instructions) if (i.ignore.length) ignored.set(i.line, new Set(i.ignore));
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const setting = input.config.rules[rule.id];
    if (setting === 'off') continue;
    for (const finding of rule.check(input)) {
      if (ignored.get(finding.line)?.has(rule.id)) continue;
      findings.push(setting ? { ...finding, severity: setting } : finding);
    }
  }
  return findings.sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || (b.savingsBytes ?? 0) - (a.savingsBytes ?? 0) || (b.savingsMs ?? 0) - (a.savingsMs ?? 0) || a.line - b.line);
}

/** Bytes the findings promise, counting bytes on one line once (overlapping rules measure the same layer). */
export function totalSavings(findings: Finding[]): { bytes: number; ms: number } {
  const byLine = new Map<number, number>();
  for (const f of findings) if (f.savingsBytes) byLine.set(f.line, Math.max(byLine.get(f.line) ?? 0, f.savingsBytes));
  const msByLine = new Map<number, number>();
  for (const f of findings) if (f.savingsMs) msByLine.set(f.line, Math.max(msByLine.get(f.line) ?? 0, f.savingsMs));
  return { bytes: [...byLine.values()].reduce((a, b) => a + b, 0), ms: [...msByLine.values()].reduce((a, b) => a + b, 0) };
}
