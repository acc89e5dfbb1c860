import { describe, expect, test } from 'vitest';
import { dockerfile, findingsOf, KiB, MiB, ofRule, type BuildSpec } from '../support/build-input.js';

// BL001: bytes one step adds and a later step removes still ship in the earlier layer.

// A download extracted on lines 3-4 and deleted too late on line 5; `comment` sits directly above line 3.
function downloadDeletedLater(comment: string, over: Partial<BuildSpec> = {}): BuildSpec {
  return {
    dockerfile: dockerfile(
      'FROM debian:12.5-slim',
      comment,
      'RUN curl -fsSL -o /tmp/src.tgz https://example.com/src.tgz \\',
      '    && tar -xzf /tmp/src.tgz -C /opt',
      'RUN rm /tmp/src.tgz',
      'USER app',
    ),
    layers: [
      { line: 1, base: true, bytes: 80 * MiB },
      { line: 3, bytes: 30 * MiB, wastedBy: [{ layer: 2, bytes: 12 * MiB, paths: ['tmp/src.tgz'] }] },
      { line: 5, bytes: 0, deletions: ['tmp/src.tgz'] },
    ],
    ...over,
  };
}

describe('BL001 wasted bytes', () => {
  test('a file deleted by a later RUN is reported at the RUN that added it, with the deleting line, the bytes and the paths', () => {
    const found = ofRule(findingsOf(downloadDeletedLater('# fetch the sources')), 'BL001');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      rule: 'BL001',
      severity: 'warning',
      line: 3,
      endLine: 4,
      relatedLines: [5],
      savingsBytes: 12 * MiB,
      evidence: { wastedBytes: 12 * MiB, removedBy: [{ line: 5, bytes: 12 * MiB, paths: ['tmp/src.tgz'] }] },
    });
    expect(found[0]?.message).toContain('line 5');
  });

  test('bytes removed by two later lines name both lines and add up', () => {
    const spec = downloadDeletedLater('# fetch', {
      dockerfile: dockerfile('FROM debian:12.5-slim', '# fetch', 'RUN fetch-all.sh \\', '    && unpack.sh', 'RUN rm /tmp/a.tgz', 'RUN rm /tmp/b.tgz', 'USER app'),
      layers: [
        { line: 1, base: true, bytes: 80 * MiB },
        { line: 3, bytes: 30 * MiB, wastedBy: [{ layer: 2, bytes: 2 * MiB, paths: ['tmp/a.tgz'] }, { layer: 3, bytes: 3 * MiB, paths: ['tmp/b.tgz'] }] },
        { line: 5, bytes: 0 },
        { line: 6, bytes: 0 },
      ],
    });
    const [finding] = ofRule(findingsOf(spec), 'BL001');
    expect(finding).toMatchObject({ line: 3, endLine: 4, relatedLines: [5, 6], savingsBytes: 5 * MiB });
  });

  test('when the removing layer has no Dockerfile line, the finding has no relatedLines and says "later"', () => {
    const spec = downloadDeletedLater('# fetch');
    spec.layers = [{ line: 1, base: true, bytes: 80 * MiB }, { line: 3, bytes: 30 * MiB, wastedBy: [{ layer: 2, bytes: 12 * MiB, paths: ['tmp/src.tgz'] }] }, { bytes: 0 }];
    const [finding] = ofRule(findingsOf(spec), 'BL001');
    expect(finding).toMatchObject({ line: 3, savingsBytes: 12 * MiB, evidence: { removedBy: [{ line: undefined, bytes: 12 * MiB }] } });
    expect(finding).not.toHaveProperty('relatedLines');
    expect(finding?.message).toContain('removed or overwritten later');
  });

  test.each([
    ['downloaded, extracted and deleted in one RUN: nothing is wasted', undefined],
    ['a later step removes less than the 1 MiB threshold', 900 * KiB],
  ])('no finding when %s', (_name, wastedBytes) => {
    const spec = downloadDeletedLater('# fetch the sources');
    spec.layers = [
      { line: 1, base: true, bytes: 80 * MiB },
      { line: 3, bytes: 18 * MiB, ...(wastedBytes ? { wastedBy: [{ layer: 2, bytes: wastedBytes, paths: ['tmp/src.tgz'] }] } : {}) },
      { line: 5, bytes: 0 },
    ];
    expect(ofRule(findingsOf(spec), 'BL001')).toEqual([]);
  });

  test('a higher minWastedBytes from the config lets 12 MiB pass', () => {
    expect(ofRule(findingsOf(downloadDeletedLater('# fetch', { thresholds: { minWastedBytes: 20 * MiB } })), 'BL001')).toEqual([]);
  });

  test('a buildlens-ignore comment above the adding RUN silences it', () => {
    expect(ofRule(findingsOf(downloadDeletedLater('# buildlens-ignore BL001')), 'BL001')).toEqual([]);
  });

  test('rules: { BL001: "off" } in the config silences it', () => {
    expect(ofRule(findingsOf(downloadDeletedLater('# fetch', { rules: { BL001: 'off' } })), 'BL001')).toEqual([]);
  });
});
