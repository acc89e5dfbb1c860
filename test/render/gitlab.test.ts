import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { renderGitlabCodeQuality } from '../../src/render/gitlab.js';
import { finding, sampleReport } from './html/report-fixture.js';

const issuesSchema = z.array(
  z.object({
    description: z.string(),
    check_name: z.string(),
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    severity: z.enum(['info', 'minor', 'major', 'critical', 'blocker']),
    location: z.object({ path: z.string(), lines: z.object({ begin: z.number().int().positive() }) }),
  }),
);

function issues(text: string) {
  return issuesSchema.parse(JSON.parse(text));
}

describe('GitLab Code Quality report', () => {
  test('each finding becomes an issue at its path and line, with GitLab\'s severities', () => {
    const report = sampleReport();
    report.findings.push(finding('BL009', 7, 'secret', { severity: 'error' }));
    const out = issues(renderGitlabCodeQuality(report, 'app/Dockerfile'));
    expect(out.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin])).toEqual([
      ['BL001', 'minor', 'app/Dockerfile', 5],
      ['BL010', 'info', 'app/Dockerfile', 11],
      ['BL009', 'critical', 'app/Dockerfile', 7],
    ]);
    expect(out[0]?.description).toContain('bytes added here are removed later');
  });

  test('fingerprints stay the same across builds whose timings and sizes differ', () => {
    const first = sampleReport();
    const second = sampleReport();
    second.build.ref = 'another';
    second.build.durationMs = 1;
    second.findings[0]!.savingsBytes = 1;
    const a = issues(renderGitlabCodeQuality(first, 'Dockerfile')).map((i) => i.fingerprint);
    const b = issues(renderGitlabCodeQuality(second, 'Dockerfile')).map((i) => i.fingerprint);
    expect(b).toEqual(a);
  });

  test('fingerprints differ when the rule, line, path or message differs', () => {
    const report = sampleReport();
    report.findings = [finding('BL014', 4, 'm'), finding('BL01', 44, 'm'), finding('BL014', 5, 'm'), finding('BL014', 4, 'other')];
    const prints = issues(renderGitlabCodeQuality(report, 'Dockerfile')).map((i) => i.fingerprint);
    const elsewhere = issues(renderGitlabCodeQuality(report, 'other/Dockerfile')).map((i) => i.fingerprint);
    expect(new Set([...prints, ...elsewhere]).size).toBe(8);
  });

  test('no findings is an empty array, which GitLab accepts', () => {
    const report = sampleReport();
    report.findings = [];
    expect(JSON.parse(renderGitlabCodeQuality(report, 'Dockerfile'))).toEqual([]);
  });
});
