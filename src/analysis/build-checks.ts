import type { Redactor } from '../core/redact.js';
import type { Finding, Note } from '../model/report.js';

// BuildKit's own build checks (FromAsCasing, JSONArgsRecommended, … ; BuildKit
// v0.14 and later) arrive as warnings in the progress stream, each with the
// rule's name at the start of its text, a documentation URL and the source
// range. They become findings `BK/<RuleName>` on their lines, severity
// warning, so every output format shows them beside buildlens's own.

/** A build-check warning as the progress stream carries it (VertexWarning). */
export interface BuildCheckWarning {
  short: string;
  detail: string[];
  url: string;
  ranges: ReadonlyArray<{ startLine: number; endLine: number }>;
}

/** A build check's finding, and what could not become one. */
export interface BuildChecks {
  findings: Finding[];
  /** Warnings without a line in the Dockerfile: said once each, as notes. */
  notes: Note[];
}

// "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)"
const NAMED = /^([A-Z][A-Za-z0-9]*):\s+([\s\S]*)$/;
const LINE_SUFFIX = /\s*\(lines? \d+(?:-\d+)?\)$/;

// The rule's name: the text's prefix, else the last part of its URL
// (".../rule/from-as-casing/" → FromAsCasing).
function ruleName(warning: BuildCheckWarning): { name: string; message: string } {
  const named = NAMED.exec(warning.short.trim());
  if (named?.[1] && named[2] !== undefined) return { name: named[1], message: named[2] };
  const slug = /\/rule\/([a-z0-9-]+)\/?$/.exec(warning.url)?.[1];
  const name = slug ? slug.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase()) : 'BuildCheck';
  return { name, message: warning.short.trim() };
}

/**
 * The findings of BuildKit's build checks. A multi-platform build (or each
 * node of a multi-node builder) runs the checks once per platform: the same
 * warning on the same line is one finding.
 */
export function buildCheckFindings(warnings: readonly BuildCheckWarning[], redact: Redactor): BuildChecks {
  const findings = new Map<string, Finding>();
  const notes = new Map<string, Note>();
  for (const warning of warnings) {
    const { name, message: raw } = ruleName(warning);
    const message = redact(raw.replace(LINE_SUFFIX, ''));
    // An instruction over several lines comes as one range per line.
    const ranges = warning.ranges.filter((r) => r.startLine > 0);
    if (ranges.length === 0) {
      notes.set(`${name}\0${message}`, {
        topic: 'build-checks',
        message: `BuildKit check ${name}: ${message}${warning.url ? ` (${warning.url})` : ''}`,
      });
      continue;
    }
    const evidence: Record<string, unknown> = {};
    if (warning.url) evidence['url'] = warning.url;
    const detail = warning.detail.map(redact).filter((d) => d.trim() !== '');
    if (detail.length > 0) evidence['detail'] = detail;
    const finding: Finding = {
      rule: `BK/${name}`,
      severity: 'warning',
      line: Math.min(...ranges.map((r) => r.startLine)),
      endLine: Math.max(...ranges.map((r) => Math.max(r.startLine, r.endLine))),
      message,
      evidence,
    };
    findings.set(`${finding.rule}\0${finding.line}\0${message}`, finding);
  }
  return { findings: [...findings.values()], notes: [...notes.values()] };
}

// BuildKit checks that say what a buildlens rule already says about the same
// instruction: [check, rule]. SecretsUsedInArgOrEnv on an ARG is BL009's
// secret-named build arg (on an ENV it stays: BL009 does not look there).
const SAME_THING: ReadonlyArray<readonly [string, string]> = [['BK/SecretsUsedInArgOrEnv', 'BL009']];

/** The findings with each build check that repeats a BL finding on its line removed and named in that finding's relatedRules. */
export function foldBuildChecks(findings: readonly Finding[]): Finding[] {
  const out = [...findings];
  for (const [check, rule] of SAME_THING) {
    for (const twin of out.filter((f) => f.rule === check)) {
      const at = out.findIndex((f) => f.rule === rule && f.line <= twin.line && twin.line <= f.endLine);
      const keeper = out[at];
      if (!keeper) continue;
      out.splice(out.indexOf(twin), 1);
      const related = [...new Set([...(keeper.relatedRules ?? []), check])];
      out[out.indexOf(keeper)] = { ...keeper, relatedRules: related } as Finding;
    }
  }
  return out;
}

/** The documentation URL of a build check's finding (from its evidence); undefined for other findings. */
export function buildCheckUrl(finding: Finding): string | undefined {
  if (!finding.rule.startsWith('BK/')) return undefined;
  const url = (finding.evidence as { url?: unknown }).url;
  return typeof url === 'string' && /^https?:\/\//.test(url) ? url : undefined;
}
