import { describe, expect, test } from 'vitest';
import { renderSarif } from '../../src/render/sarif.js';
import type { Finding, Report } from '../../src/model/report.js';
import { sarifSchemaErrors } from '../support/sarif-schema.js';

const report: Report = {
  schemaVersion: 1,
  build: { ref: 'r1', builder: 'default', driver: 'docker', dockerfile: './app/Dockerfile', platforms: [], status: 'success', exitCode: 0, startedAt: '2026-01-01T00:00:00Z', durationMs: 10 },
  cache: { steps: 2, cached: 0, ratio: 0 },
  stages: [],
  steps: [],
  findings: [
    { rule: 'BL001', severity: 'warning', line: 4, endLine: 5, message: '3 MB added here are removed by line 6', savingsBytes: 3_000_000, evidence: {}, relatedLines: [6] } as Finding,
    { rule: 'BL009', severity: 'error', line: 2, endLine: 2, message: 'secret-like files: app/.env', evidence: {} } as Finding,
    { rule: 'BL010', severity: 'info', line: 1, endLine: 1, message: 'runs as root', evidence: {} } as Finding,
  ],
  notes: [],
};

describe('the SARIF report', () => {
  test('passes the official SARIF 2.1.0 schema', () => {
    expect(sarifSchemaErrors(JSON.parse(renderSarif(report)))).toEqual([]);
  });

  test('the schema check is real: a malformed log fails it', () => {
    const log = JSON.parse(renderSarif(report));
    log.runs[0].results[0].level = 'severe';
    expect(sarifSchemaErrors(log).length).toBeGreaterThan(0);
  });

  test('each finding is a result at its Dockerfile region, with its level and rule metadata', () => {
    const log = JSON.parse(renderSarif(report));
    const run = log.runs[0];
    expect(run.tool.driver.rules).toHaveLength(16);
    expect(run.tool.driver.rules[0]).toMatchObject({ id: 'BL001', shortDescription: { text: expect.any(String) }, fullDescription: { text: expect.any(String) } });
    expect(run.results.map((r: any) => [r.ruleId, r.level])).toEqual([['BL001', 'warning'], ['BL009', 'error'], ['BL010', 'note']]);
    expect(run.results[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'app/Dockerfile' }, region: { startLine: 4, endLine: 5 } });
    expect(run.results[0].relatedLocations[0].physicalLocation.region).toEqual({ startLine: 6 });
    expect(run.results[0].ruleIndex).toBe(0);
  });

  test('the driver names the tool, its version and home, and each rule has help with the fix example', () => {
    const log = JSON.parse(renderSarif(report, { dockerfileUri: 'docker/Dockerfile' }));
    const driver = log.runs[0].driver ?? log.runs[0].tool.driver;
    expect(driver).toMatchObject({ name: 'buildlens', version: expect.stringMatching(/^\d+\.\d+\.\d+/), informationUri: expect.stringMatching(/^https:\/\//) });
    const bl003 = driver.rules.find((r: { id: string }) => r.id === 'BL003');
    expect(bl003.help.text).toContain('--no-install-recommends');
    expect(bl003.defaultConfiguration).toEqual({ level: 'warning' });
    expect(log.runs[0].results[1].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'docker/Dockerfile' }, region: { startLine: 2, endLine: 2 } });
  });

  test('savings travel in the result properties, and a finding without any has none', () => {
    const results = JSON.parse(renderSarif(report)).runs[0].results;
    expect(results[0].properties).toEqual({ savingsBytes: 3_000_000 });
    expect(results[1].properties).toBeUndefined();
  });
});
