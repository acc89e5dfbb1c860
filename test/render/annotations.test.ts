import { describe, expect, test } from 'vitest';
import { escapeData, escapeProperty, githubAnnotations } from '../../src/render/annotations.js';
import { finding, sampleReport } from './html/report-fixture.js';

describe('GitHub Actions annotations', () => {
  test('one workflow command per finding, with the severity mapped and lines and rule as properties', () => {
    const out = githubAnnotations(sampleReport(), 'docker/Dockerfile');
    expect(out.split('\n')).toEqual([
      '::warning file=docker/Dockerfile,line=5,endLine=5,title=BL001::bytes added here are removed later (fixing it saves 100 kB)',
      '::notice file=docker/Dockerfile,line=11,endLine=11,title=BL010::the final stage has no USER',
      '',
    ]);
  });

  test('an error finding becomes ::error and a multi-line range keeps its endLine', () => {
    const report = sampleReport();
    report.findings = [finding('BL009', 3, 'secret file .env in a layer', { severity: 'error', endLine: 4 })];
    expect(githubAnnotations(report, 'Dockerfile')).toBe('::error file=Dockerfile,line=3,endLine=4,title=BL009::secret file .env in a layer\n');
  });

  test('newlines, carriage returns and percent signs in a message cannot start a new command', () => {
    const report = sampleReport();
    report.findings = [finding('BL003', 2, 'line one\r\n::error::forged 100%')];
    const out = githubAnnotations(report, 'Dockerfile');
    expect(out.trimEnd().split('\n')).toHaveLength(1);
    expect(out).toContain('::line one%0D%0A::error::forged 100%25');
  });

  test('commas and colons in the path are escaped so they cannot add or end properties', () => {
    const report = sampleReport();
    report.findings = [finding('BL003', 2, 'm')];
    expect(githubAnnotations(report, 'c:/a,b/Docker%file')).toBe('::warning file=c%3A/a%2Cb/Docker%25file,line=2,endLine=2,title=BL003::m\n');
  });

  test('a failed build is annotated at its failing lines', () => {
    const report = sampleReport();
    report.findings = [];
    report.build.status = 'failed';
    report.build.error = { message: 'exit code: 2', line: 5, endLine: 6, logTail: [] };
    expect(githubAnnotations(report, 'Dockerfile')).toBe('::error file=Dockerfile,line=5,endLine=6,title=build failed::exit code: 2\n');
  });

  test('nothing to report prints nothing', () => {
    const report = sampleReport();
    report.findings = [];
    expect(githubAnnotations(report, 'Dockerfile')).toBe('');
  });

  test('the escapes follow GitHub\'s rules: % first, and : , only in properties', () => {
    expect(escapeData('%0A,:')).toBe('%250A,:');
    expect(escapeProperty('%0A,:\n')).toBe('%250A%2C%3A%0A');
  });
});
