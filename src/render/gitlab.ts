import { createHash } from 'node:crypto';
import type { Finding, Report } from '../model/report.js';

// GitLab Code Quality report (a subset of the Code Climate issue format):
// https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
// GitLab matches issues between the base and head pipelines by fingerprint,
// so it must not change between runs while the finding stays the same.

/** Code Quality severities GitLab understands. */
export type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

/** One issue of the Code Quality report. */
export interface GitlabIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: GitlabSeverity;
  location: { path: string; lines: { begin: number } };
}

// buildlens's error rules are about secrets (BL009, BL016), which merit critical.
const SEVERITY: Record<Finding['severity'], GitlabSeverity> = { error: 'critical', warning: 'minor', info: 'info' };

/** sha256 of rule, path, line and message: stable across runs, distinct across findings. */
export function fingerprint(finding: Finding, path: string): string {
  // NUL separators keep ("BL01", "4…") and ("BL014", "…") from hashing alike.
  return createHash('sha256')
    .update([finding.rule, path, String(finding.line), finding.message].join('\0'))
    .digest('hex');
}

/** The report's findings as a GitLab Code Quality JSON array. */
export function renderGitlabCodeQuality(report: Report, dockerfilePath: string): string {
  const issues: GitlabIssue[] = report.findings.map((finding) => ({
    description: `${finding.rule}: ${finding.message}`,
    check_name: finding.rule,
    fingerprint: fingerprint(finding, dockerfilePath),
    severity: SEVERITY[finding.severity],
    location: { path: dockerfilePath, lines: { begin: finding.line } },
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}
