import { describe, expect, test } from 'vitest';
import { savingsByLine, totalSavings } from '../../src/model/savings.js';
import type { Finding } from '../../src/model/report.js';
import { category, dockerfile, findingsOf, MiB, ofRule } from '../analysis/support/build-input.js';

// totalSavings: what fixing every finding saves, never promising the same bytes or the same re-run twice.

// Savings read only rule, line and savings: the evidence is left empty (hence the cast).
function finding(rule: string, line: number, extra: Partial<Finding>): Finding {
  return { rule, severity: 'warning', line, endLine: line, message: rule, evidence: {}, ...extra } as Finding;
}

describe('total savings', () => {
  test('BL002 (caches) and BL012 (docs) on one install line measure different bytes and add up, and another line adds to it', () => {
    const findings = findingsOf({
      dockerfile: dockerfile(
        'FROM debian:12.5-slim',
        'RUN apt-get update && apt-get install -y --no-install-recommends curl',
        'RUN curl -fsSL -o /tmp/x.tgz https://example.com/x.tgz && tar -xzf /tmp/x.tgz -C /opt',
        'RUN rm /tmp/x.tgz',
        'USER app',
      ),
      layers: [
        { line: 1, base: true, bytes: 75 * MiB },
        { line: 2, categories: [category('apt-lists', 20 * MiB), category('docs', 8 * MiB)] },
        { line: 3, bytes: 30 * MiB, wastedBy: [{ layer: 3, bytes: 4 * MiB, paths: ['tmp/x.tgz'] }] },
        { line: 4, bytes: 0 },
      ],
    });
    expect(ofRule(findings, 'BL002')).toMatchObject([{ line: 2, savingsBytes: 20 * MiB }]);
    expect(ofRule(findings, 'BL012')).toMatchObject([{ line: 2, savingsBytes: 8 * MiB }]);
    expect(ofRule(findings, 'BL001')).toMatchObject([{ line: 3, savingsBytes: 4 * MiB }]);
    expect(totalSavings(findings).bytes).toBe(32 * MiB);
  });

  test('milliseconds on one line count once, across lines they add up, and bytes and milliseconds are kept apart', () => {
    const total = totalSavings([
      finding('BL007', 4, { savingsMs: 42_000 }),
      finding('BL999', 4, { savingsMs: 30_000 }),
      finding('BL007', 9, { savingsMs: 8_000 }),
      finding('BL001', 4, { savingsBytes: 3 * MiB }),
    ]);
    expect(total).toEqual({ bytes: 3 * MiB, ms: 50_000 });
  });

  test('two findings measuring the same kind of bytes on one line count the larger once', () => {
    const total = totalSavings([finding('BL002', 3, { savingsBytes: 20 * MiB }), finding('BL002', 3, { savingsBytes: 6 * MiB }), finding('BL002', 7, { savingsBytes: MiB })]);
    expect(total.bytes).toBe(21 * MiB);
  });

  test('savingsByLine gives each line its own total, time included', () => {
    const lines = savingsByLine([finding('BL002', 3, { savingsBytes: 20 * MiB }), finding('BL012', 3, { savingsBytes: 8 * MiB }), finding('BL007', 9, { savingsMs: 8_000 }), finding('BL010', 1, {})]);
    expect(Object.fromEntries(lines)).toEqual({ 1: { bytes: 0, ms: 0 }, 3: { bytes: 28 * MiB, ms: 0 }, 9: { bytes: 0, ms: 8_000 } });
  });

  test('findings without savings promise nothing', () => {
    expect(totalSavings([finding('BL010', 1, {}), finding('BL011', 1, { severity: 'info' })])).toEqual({ bytes: 0, ms: 0 });
    expect(totalSavings([])).toEqual({ bytes: 0, ms: 0 });
  });
});
