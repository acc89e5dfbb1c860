import { instructionAt } from '../dockerfile/model.js';
import type { Finding } from '../model/report.js';
import type { AnalysisInput } from './input.js';
import { RULES } from './rules/index.js';
import { errorMessage } from '../core/errors.js';
import { foldRelated } from './related.js';
import { foldBuildChecks } from './build-checks.js';

// Runs every enabled rule and takes BuildKit's own checks, drops findings a
// `# buildlens-ignore` comment silences, applies severity overrides, and
// orders the rest: most severe first, then by what fixing them saves.

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
    if (rule.wholeImage && input.report.image?.partial) continue;
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
  for (const check of input.buildChecks ?? []) {
    const setting = input.config.rules[check.rule];
    if (setting === 'off' || instructionAt(input.dockerfile, check.line)?.ignore.includes(check.rule)) continue;
    findings.push(setting ? { ...check, severity: setting } : check);
  }
  const kept = foldBuildChecks(foldRelated(findings));
  kept.sort(
    (a, b) =>
      ORDER[a.severity] - ORDER[b.severity] ||
      (b.savingsBytes ?? 0) - (a.savingsBytes ?? 0) ||
      (b.savingsMs ?? 0) - (a.savingsMs ?? 0) ||
      a.line - b.line,
  );
  return { findings: kept, failures };
}
