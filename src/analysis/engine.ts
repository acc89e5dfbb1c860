import { instructionAt } from '../dockerfile/model.js';
import type { Finding } from '../model/report.js';
import type { AnalysisInput } from './input.js';
import { RULES } from './rules/index.js';
import { errorMessage } from '../errors.js';
import { foldRelated } from './related.js';

// Runs every enabled rule, drops findings a `# buildlens-ignore` comment
// silences, applies severity overrides, and orders the rest: most severe
// first, then by what fixing them saves.

const ORDER = { error: 0, warning: 1, info: 2 } as const;

/** A rule that threw: a bug in one rule must not cost the report every other rule's findings. */
export class RuleFailedError extends Error {
  readonly rule: string;
  constructor(rule: string, cause: unknown) {
    super(`rule ${rule} failed: ${errorMessage(cause)}`, { cause });
    this.name = 'RuleFailedError';
    this.rule = rule;
  }
}

/** The findings of a build, and the rules that failed (their findings are missing). */
export function analyze(input: AnalysisInput): { findings: Finding[]; failures: RuleFailedError[] } {
  const findings: Finding[] = [];
  const failures: RuleFailedError[] = [];
  for (const rule of RULES) {
    const setting = input.config.rules[rule.id];
    if (setting === 'off') continue;
    let found: Finding[];
    try {
      found = rule.check(input);
    } catch (error) {
      failures.push(new RuleFailedError(rule.id, error));
      continue;
    }
    for (const finding of found) {
      // A finding sits on an instruction's first line; any line of its range is matched to be safe.
      if (instructionAt(input.dockerfile, finding.line)?.ignore.includes(rule.id)) continue;
      findings.push(setting ? { ...finding, severity: setting } : finding);
    }
  }
  const kept = foldRelated(findings);
  kept.sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || (b.savingsBytes ?? 0) - (a.savingsBytes ?? 0) || (b.savingsMs ?? 0) - (a.savingsMs ?? 0) || a.line - b.line);
  return { findings: kept, failures };
}

/** The findings of a build; throws the first rule failure (use `analyze` to keep the other rules' findings). */
export function runRules(input: AnalysisInput): Finding[] {
  const { findings, failures } = analyze(input);
  if (failures[0]) throw failures[0];
  return findings;
}

// Which bytes a rule's savings measure. Findings on one line in one pool
// measure the same bytes (count the largest once); different pools are
// disjoint by construction (a path deleted later is waste, one still present
// is a cache, docs or a toolchain) and add up. Context bytes are transfer,
// not image bytes, but still bytes a user saves.
const BYTE_POOL: Record<string, string> = { BL001: 'wasted', BL002: 'caches', BL004: 'toolchain', BL005: 'dev-dependencies', BL008: 'context', BL012: 'docs' };

/** Per Dockerfile line, what fixing its findings saves: bytes summed over disjoint pools, time counted once. */
export function savingsByLine(findings: Finding[]): Map<number, { bytes: number; ms: number }> {
  const pooled = new Map<string, number>();
  const ms = new Map<number, number>();
  for (const f of findings) {
    if (f.savingsBytes) {
      const key = `${f.line}\0${BYTE_POOL[f.rule] ?? f.rule}`;
      pooled.set(key, Math.max(pooled.get(key) ?? 0, f.savingsBytes));
    }
    // Every time saving is the same re-run of one step: count it once per line.
    if (f.savingsMs) ms.set(f.line, Math.max(ms.get(f.line) ?? 0, f.savingsMs));
  }
  const out = new Map<number, { bytes: number; ms: number }>();
  for (const f of findings) out.set(f.line, { bytes: 0, ms: ms.get(f.line) ?? 0 });
  for (const [key, bytes] of pooled) {
    const entry = out.get(Number(key.split('\0')[0]));
    if (entry) entry.bytes += bytes;
  }
  return out;
}

/** What fixing every finding saves, without counting the same bytes or the same re-run twice. */
export function totalSavings(findings: Finding[]): { bytes: number; ms: number } {
  let bytes = 0;
  let ms = 0;
  for (const line of savingsByLine(findings).values()) {
    bytes += line.bytes;
    ms += line.ms;
  }
  return { bytes, ms };
}
