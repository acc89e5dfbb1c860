import { describe, expect, test } from 'vitest';
import { buildCheckFindings, foldBuildChecks } from '../../src/analysis/build-checks.js';
import { parseConfig } from '../../src/config/config.js';
import { makeRedactor } from '../../src/core/redact.js';
import { ruleIdsOfComment } from '../../src/dockerfile/suppression.js';
import type { Finding, Report } from '../../src/model/report.js';
import { reportFromSource } from '../../src/pipeline/report.js';
import { githubAnnotations } from '../../src/render/annotations.js';
import { renderExplain } from '../../src/render/explain.js';
import { renderGitlabCodeQuality } from '../../src/render/gitlab.js';
import { renderHtml } from '../../src/render/html/index.js';
import { renderJson } from '../../src/render/json.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderSarif } from '../../src/render/sarif.js';
import { renderTerminal } from '../../src/render/terminal.js';
import { historySource } from '../../src/sources/history.js';
import { loadRecorded } from '../support/fixtures.js';
import { recordedClient } from '../support/recorded-history.js';
import { sarifSchemaErrors } from '../support/sarif-schema.js';

// Recorded from BuildKit v0.26.3 (scripts/record-fixtures-buildkit.ts
// build-checks): a two-platform build whose Dockerfile trips FromAsCasing (line
// 1), SecretsUsedInArgOrEnv on an ARG (2, which buildlens's BL009 also finds)
// and on an ENV (3), MaintainerDeprecated (7) and JSONArgsRecommended on a
// CMD of two lines (9-10). The default engine's BuildKit v0.13 sends none.
const FIXTURE = 'v0.26-build-checks';

async function recordedReport(config = parseConfig({}, 'defaults')): Promise<Report> {
  const { record } = await loadRecorded(FIXTURE);
  const client = await recordedClient([FIXTURE]);
  const source = historySource(client, { name: 'buildlens-remote', driver: 'remote' }, record.ref);
  return (await reportFromSource(source, { measureLayers: false, config })).report;
}

const checks = (report: Report) => report.findings.filter((f) => f.rule.startsWith('BK/')).map((f) => [f.rule, f.line, f.endLine, f.severity]);

describe('BuildKit build checks from the recorded stream', () => {
  test('the replayed stream carries the five warnings buildx printed', async () => {
    const { progress } = await loadRecorded(FIXTURE);
    expect(progress.warnings.map((w) => w.short.split(':')[0]).sort()).toEqual(['FromAsCasing', 'JSONArgsRecommended', 'MaintainerDeprecated', 'SecretsUsedInArgOrEnv', 'SecretsUsedInArgOrEnv']);
  });

  test('each becomes a warning on its lines, except the one BL009 already reports on line 2', async () => {
    const report = await recordedReport();
    expect(checks(report).sort()).toEqual(
      [
        ['BK/FromAsCasing', 1, 1, 'warning'],
        ['BK/JSONArgsRecommended', 9, 10, 'warning'],
        ['BK/MaintainerDeprecated', 7, 7, 'warning'],
        ['BK/SecretsUsedInArgOrEnv', 3, 3, 'warning'],
      ].sort(),
    );
    const bl009 = report.findings.filter((f) => f.rule === 'BL009');
    expect(bl009.map((f) => [f.line, f.relatedRules])).toEqual([[2, ['BK/SecretsUsedInArgOrEnv']]]);
    expect(report.findings.filter((f) => f.line === 2).map((f) => f.rule)).toEqual(['BL009']);
  });

  test('the message is BuildKit\'s without the rule name or the line, and the URL and detail are in the evidence', async () => {
    const report = await recordedReport();
    const casing = report.findings.find((f) => f.rule === 'BK/FromAsCasing');
    expect(casing?.message).toBe("'as' and 'FROM' keywords' casing do not match");
    expect(casing?.evidence).toEqual({
      url: 'https://docs.docker.com/go/dockerfile/rule/from-as-casing/',
      detail: ["The 'as' keyword should match the case of the 'from' keyword"],
    });
    const env = report.findings.find((f) => f.rule === 'BK/SecretsUsedInArgOrEnv');
    expect(env?.message).toBe('Do not use ARG or ENV instructions for sensitive data (ENV "API_KEY")');
  });

  test('the same warning from each node of a builder (or each platform) is one finding', async () => {
    const { progress } = await loadRecorded(FIXTURE);
    const once = buildCheckFindings(progress.warnings, makeRedactor([]));
    const twice = buildCheckFindings([...progress.warnings, ...progress.warnings], makeRedactor([]));
    expect(twice.findings).toEqual(once.findings);
    expect(once.findings).toHaveLength(5);
  });

  test('a warning without a source range is a note, not a finding; the rule name falls back to the URL', () => {
    const out = buildCheckFindings(
      [{ short: 'something odd', detail: [], url: 'https://docs.docker.com/go/dockerfile/rule/invalid-base-image-platform/', ranges: [] }],
      makeRedactor([]),
    );
    expect(out.findings).toEqual([]);
    expect(out.notes).toEqual([{ topic: 'build-checks', message: 'BuildKit check InvalidBaseImagePlatform: something odd (https://docs.docker.com/go/dockerfile/rule/invalid-base-image-platform/)' }]);
  });

  test('known values never reach a message or the detail', () => {
    const out = buildCheckFindings(
      [{ short: 'UndefinedVar: Usage of undefined variable hunter2secret (line 4)', detail: ['hunter2secret is set nowhere'], url: '', ranges: [{ startLine: 4, endLine: 4 }] }],
      makeRedactor(['hunter2secret']),
    );
    expect(JSON.stringify(out)).not.toContain('hunter2secret');
    expect(out.findings[0]?.message).toBe('Usage of undefined variable ***');
  });

  test('a BK finding is folded into a BL finding only for the same thing on the same line', () => {
    const bl009: Finding = { rule: 'BL009', severity: 'error', line: 2, endLine: 2, message: 'm', evidence: { arg: 'NPM_TOKEN', passedThisBuild: false } };
    const secretArg: Finding = { rule: 'BK/SecretsUsedInArgOrEnv', severity: 'warning', line: 2, endLine: 2, message: 'arg', evidence: {} };
    const secretEnv: Finding = { ...secretArg, line: 3, message: 'env' };
    const casing: Finding = { ...secretArg, rule: 'BK/FromAsCasing', line: 2 };
    expect(foldBuildChecks([bl009, secretArg, secretEnv, casing]).map((f) => [f.rule, f.line, f.relatedRules])).toEqual([
      ['BL009', 2, ['BK/SecretsUsedInArgOrEnv']],
      ['BK/SecretsUsedInArgOrEnv', 3, undefined],
      ['BK/FromAsCasing', 2, undefined],
    ]);
  });
});

describe('BuildKit build checks are configured like the rules', () => {
  test('the config turns one off and re-grades another', async () => {
    const report = await recordedReport(parseConfig({ rules: { 'BK/MaintainerDeprecated': 'off', 'BK/FromAsCasing': 'error' } }, 'buildlens.config.json'));
    expect(report.findings.some((f) => f.rule === 'BK/MaintainerDeprecated')).toBe(false);
    expect(report.findings.find((f) => f.rule === 'BK/FromAsCasing')?.severity).toBe('error');
  });

  test('a config naming a check in another form is refused, naming the field', () => {
    expect(() => parseConfig({ rules: { 'BK/from-as-casing': 'off' } }, 'buildlens.config.json')).toThrow(/rules\.BK\/from-as-casing: unknown rule id/);
  });

  test('# buildlens-ignore names BK checks beside BL rules, in order', () => {
    expect(ruleIdsOfComment('buildlens-ignore BL003, BK/FromAsCasing bk/JSONArgsRecommended')).toEqual(['BL003', 'BK/FromAsCasing', 'BK/JSONArgsRecommended']);
  });

  test('explain points to Docker\'s page of the check and says how to silence it', () => {
    const text = renderExplain('BK/JSONArgsRecommended') ?? '';
    expect(text).toContain('https://docs.docker.com/go/dockerfile/rule/json-args-recommended/');
    expect(text).toContain('# check=skip=JSONArgsRecommended');
    expect(text).toContain('# buildlens-ignore BK/JSONArgsRecommended');
  });
});

describe('BuildKit build checks in every output format', () => {
  test('report.json validates against schema v1 with them', async () => {
    const json = JSON.parse(renderJson(await recordedReport())) as Report;
    expect(json.findings.filter((f) => f.rule.startsWith('BK/'))).toHaveLength(4);
  });

  test('Markdown links each check to its documentation', async () => {
    const md = renderMarkdown(await recordedReport());
    expect(md).toContain('| [BK/FromAsCasing](https://docs.docker.com/go/dockerfile/rule/from-as-casing/) | line 1 |');
  });

  test('SARIF lists each check as a rule with its help URL, and results point at it', async () => {
    const log = JSON.parse(renderSarif(await recordedReport())) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri?: string }> } }; results: Array<{ ruleId: string; ruleIndex?: number; level: string }> }> };
    expect(sarifSchemaErrors(log)).toEqual([]);
    const run = log.runs[0]!;
    const result = run.results.find((r) => r.ruleId === 'BK/JSONArgsRecommended');
    expect(result?.level).toBe('warning');
    expect(run.tool.driver.rules[result?.ruleIndex ?? -1]).toMatchObject({ id: 'BK/JSONArgsRecommended', helpUri: 'https://docs.docker.com/go/dockerfile/rule/json-args-recommended/' });
    expect(run.tool.driver.rules.filter((r) => r.id.startsWith('BK/')).map((r) => r.id).sort()).toEqual(['BK/FromAsCasing', 'BK/JSONArgsRecommended', 'BK/MaintainerDeprecated', 'BK/SecretsUsedInArgOrEnv']);
  });

  test('GitLab Code Quality, GitHub annotations, HTML and the terminal name them on their lines', async () => {
    const report = await recordedReport();
    const gitlab = JSON.parse(renderGitlabCodeQuality(report, 'Dockerfile')) as Array<{ check_name: string; severity: string; location: { lines: { begin: number } } }>;
    expect(gitlab.find((i) => i.check_name === 'BK/MaintainerDeprecated')).toMatchObject({ severity: 'minor', location: { lines: { begin: 7 } } });
    expect(githubAnnotations(report, 'Dockerfile')).toContain('::warning file=Dockerfile,line=1,endLine=1,title=BK/FromAsCasing::');
    expect(renderHtml(report)).toContain('<a href="https://docs.docker.com/go/dockerfile/rule/from-as-casing/" rel="noopener noreferrer">BK/FromAsCasing</a>');
    expect(renderTerminal(report, { color: false, width: 160 })).toMatch(/warning +BK\/JSONArgsRecommended JSON arguments recommended/);
  });
});
