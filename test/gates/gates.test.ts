import { beforeEach, describe, expect, test } from 'vitest';
import { checkGates } from '../../src/gates/gates.js';
import type { Report } from '../../src/model/report.js';
import { fixtureReport } from '../render/fixture.js';

// The CI gates on the fixture report (test/render/fixture.ts: findings from the
// real rules): a 242,221,056-byte image wasting 4 MiB, 1 of 9 steps cached,
// 66.5 s, one error (BL009 line 2) and five warnings. Each budget is checked
// breaking, holding and at its edge, with the exact line it prints.

let report: Report;
beforeEach(() => {
  report = fixtureReport();
});

describe('each budget, breaking and holding', () => {
  test('--max-image-size', () => {
    expect(checkGates(report, { maxImageSize: 200_000_000 })).toEqual(['image size 242 MB compressed exceeds --max-image-size 200 MB by 42.2 MB']);
    expect(checkGates(report, { maxImageSize: 300_000_000 })).toEqual([]);
    expect(checkGates(report, { maxImageSize: 242_221_056 })).toEqual([]);
  });

  test('--max-wasted', () => {
    expect(checkGates(report, { maxWasted: 1_000_000 })).toEqual(['wasted bytes 4.19 MB (uncompressed) exceed --max-wasted 1 MB by 3.19 MB']);
    expect(checkGates(report, { maxWasted: 4_194_304 })).toEqual([]);
  });

  test('--min-cache-ratio', () => {
    expect(checkGates(report, { minCacheRatio: 0.8 })).toEqual(['cache ratio 11% is below --min-cache-ratio 80%']);
    expect(checkGates(report, { minCacheRatio: 0.1 })).toEqual([]);
    expect(checkGates(report, { minCacheRatio: 1 / 9 })).toEqual([]);
  });

  test('--max-duration', () => {
    expect(checkGates(report, { maxDuration: 60_000 })).toEqual(['build time 1m 07s exceeds --max-duration 1m 00s by 6.5s']);
    expect(checkGates(report, { maxDuration: 66_500 })).toEqual([]);
  });

  test('--max-duration reads in whole minutes and seconds near a minute\'s end', () => {
    report.build.durationMs = 119_600;
    expect(checkGates(report, { maxDuration: 90_000 })).toEqual(['build time 2m 00s exceeds --max-duration 1m 30s by 29.6s']);
  });

  test('--fail-on error: only errors break it, the first three named with their lines', () => {
    expect(checkGates(report, { failOn: 'error' })).toEqual(['1 finding(s) at or above error (--fail-on error): BL009 line 2']);
    report.findings = report.findings.filter((f) => f.severity !== 'error');
    expect(checkGates(report, { failOn: 'error' })).toEqual([]);
  });

  test('--fail-on warning: errors and warnings break it, info findings do not', () => {
    expect(checkGates(report, { failOn: 'warning' })).toEqual(['6 finding(s) at or above warning (--fail-on warning): BL009 line 2, BL002 line 3, BL012 line 3']);
    report.findings = report.findings.filter((f) => f.severity === 'info');
    expect(report.findings.length).toBeGreaterThan(0);
    expect(checkGates(report, { failOn: 'warning' })).toEqual([]);
  });

  test('no budgets, no broken gates', () => {
    expect(checkGates(report, {})).toEqual([]);
  });

  test('every budget broken at once: one line each, in the order of the options', () => {
    const broken = checkGates(report, { maxImageSize: 1, maxWasted: 1, minCacheRatio: 1, maxDuration: 1, failOn: 'warning', maxGrowth: 1, baseline: withImageSize(fixtureReport(), 1_000_000) });
    expect(broken.map((line) => line.match(/--[a-z-]+/)?.[0])).toEqual(['--max-image-size', '--max-wasted', '--min-cache-ratio', '--max-duration', '--fail-on', '--max-growth']);
    for (const line of broken) expect(line).not.toContain('\n');
  });

  test('a build that exported no image breaks no image budget', () => {
    delete report.image;
    expect(checkGates(report, { maxImageSize: 1, maxWasted: 1, maxGrowth: 0, baseline: fixtureReport() })).toEqual([]);
  });
});

// A copy of a report whose image had another size.
function withImageSize(base: Report, size: number): Report {
  if (!base.image) throw new Error('fixture report without an image');
  return { ...base, image: { ...base.image, size } };
}

describe('--max-growth against a baseline', () => {
  test('growth over the budget names both sizes and the percentage', () => {
    expect(checkGates(report, { maxGrowth: 10, baseline: withImageSize(fixtureReport(), 200_000_000) })).toEqual([
      'image grew 21.1% against the baseline (200 MB → 242 MB compressed), over --max-growth 10%',
    ]);
  });

  test('growth within the budget, exactly at it, or shrinking holds', () => {
    expect(checkGates(report, { maxGrowth: 25, baseline: withImageSize(fixtureReport(), 200_000_000) })).toEqual([]);
    expect(checkGates(report, { maxGrowth: 10, baseline: withImageSize(fixtureReport(), 220_200_960) })).toEqual([]);
    expect(checkGates(report, { maxGrowth: 0, baseline: withImageSize(fixtureReport(), 300_000_000) })).toEqual([]);
  });

  test('needs both a baseline and a budget, and a baseline with an image', () => {
    const smaller = withImageSize(fixtureReport(), 1);
    expect(checkGates(report, { baseline: smaller })).toEqual([]);
    expect(checkGates(report, { maxGrowth: 0 })).toEqual([]);
    const noImage = fixtureReport();
    delete noImage.image;
    expect(checkGates(report, { maxGrowth: 0, baseline: noImage })).toEqual([]);
  });

  test('an empty baseline image is no growth to measure', () => {
    expect(checkGates(report, { maxGrowth: 0, baseline: withImageSize(fixtureReport(), 0) })).toEqual([]);
  });
});
