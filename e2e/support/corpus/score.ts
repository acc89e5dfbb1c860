import type { Expectation } from './expectation.js';

// Scores a report's findings and cache misses against a case's expectation.
// Pure: the test prints and asserts what this returns.

/** A finding as report.json has it (only what scoring reads). */
export interface ReportedFinding {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  line: number;
  message: string;
}

/** How a report's findings compare with what a reviewer expects. */
export interface FindingScore {
  /** Expected findings (must or may) that were reported. */
  right: string[];
  /** Reported findings that are wrong: a forbidden one, or a warning/error nobody expected. */
  wrong: string[];
  /** Findings that must appear and did not. */
  missed: string[];
  /** Info findings nobody judged: shown, not counted. */
  unjudged: string[];
  mustTotal: number;
  mustFound: number;
}

const RANK = { info: 0, warning: 1, error: 2 } as const;
const key = (f: { rule: string; line?: number }) => `${f.rule}@${f.line ?? '*'}`;

/** Compares findings with the expectation's must/may/must-not lists. */
export function scoreFindings(findings: ReportedFinding[], expected: Expectation['findings']): FindingScore {
  const score: FindingScore = { right: [], wrong: [], missed: [], unjudged: [], mustTotal: expected.mustAppear.length, mustFound: 0 };
  for (const f of findings) {
    const label = `${key(f)} ${f.severity}: ${f.message}`;
    const forbidden = expected.mustNotAppear.find((n) => n.rule === f.rule && (n.line === undefined || n.line === f.line));
    if (forbidden && (!forbidden.allowUpTo || RANK[f.severity] > RANK[forbidden.allowUpTo])) {
      score.wrong.push(`${label} (must not: ${forbidden.reason})`);
    } else if ([...expected.mustAppear, ...expected.mayAppear].some((e) => e.rule === f.rule && e.line === f.line)) {
      score.right.push(label);
    } else if (f.severity !== 'info') {
      score.wrong.push(`${label} (not expected)`);
    } else if (!forbidden) {
      score.unjudged.push(label);
    }
  }
  for (const e of expected.mustAppear) {
    if (findings.some((f) => f.rule === e.rule && f.line === e.line)) score.mustFound++;
    else score.missed.push(`${key(e)}: ${e.why}`);
  }
  return score;
}

/** A cache miss as report.json has it (only what scoring reads). */
export interface ReportedMiss {
  line: number;
  cause: string;
  details?: { parentLine?: number };
}

/** Differences between the expected misses after the edit and the reported ones (empty when they agree). */
export function compareMisses(reported: ReportedMiss[], expected: Expectation['cacheAfterEdit']['misses']): string[] {
  const problems: string[] = [];
  const show = (m: { line: number; cause: string; parentLine?: number | undefined }) => `line ${m.line} ${m.cause}${m.parentLine ? ` (parent line ${m.parentLine})` : ''}`;
  for (const e of expected) {
    const r = reported.find((m) => m.line === e.line);
    const got = r ? { line: r.line, cause: r.cause, parentLine: r.details?.parentLine } : undefined;
    if (!got) problems.push(`expected ${show(e)}, not reported`);
    else if (got.cause !== e.cause || (e.parentLine !== undefined && got.parentLine !== e.parentLine)) problems.push(`expected ${show(e)}, got ${show(got)}`);
  }
  for (const r of reported) {
    if (!expected.some((e) => e.line === r.line)) problems.push(`unexpected miss: ${show({ line: r.line, cause: r.cause, parentLine: r.details?.parentLine })}`);
  }
  return problems;
}
