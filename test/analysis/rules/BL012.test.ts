import { describe, expect, test } from 'vitest';
import { category, dockerfile, findingsOf, KiB, MiB, ofRule, type BuildSpec, type LayerSpec } from '../support/build-input.js';

// BL012: documentation, man pages and locales each line added to the final image.

const DOCS = category('docs', 6 * MiB, ['usr/share/doc/curl/changelog.gz', 'usr/share/man/man1/curl.1.gz']);
const LOCALES = category('locales', 3 * MiB, ['usr/share/locale/de/LC_MESSAGES/libc.mo']);

// Packages installed on lines 3-4 (`comment` directly above); the base holds 1 MiB of docs of its own.
function install(comment: string, installLayer: LayerSpec = { line: 3, categories: [DOCS, LOCALES], bytes: 30 * MiB }, over: Partial<BuildSpec> = {}): BuildSpec {
  return {
    dockerfile: dockerfile(
      'FROM debian:12.5-slim',
      comment,
      'RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'USER app',
    ),
    layers: [{ line: 1, base: true, bytes: 75 * MiB, categories: [category('docs', MiB, ['usr/share/doc/base-files/README'])] }, installLayer],
    ...over,
  };
}

describe('BL012 documentation and locales', () => {
  test('docs and locales an install added are reported at its RUN with what it added and what the image holds in all', () => {
    const found = ofRule(findingsOf(install('# tools')), 'BL012');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      rule: 'BL012',
      severity: 'warning',
      line: 3,
      endLine: 4,
      savingsBytes: 9 * MiB,
      evidence: {
        bytes: 9 * MiB,
        totalInImage: 10 * MiB,
        categories: [
          { category: 'docs', bytes: 6 * MiB },
          { category: 'locales', bytes: 3 * MiB, paths: LOCALES.paths },
        ],
      },
    });
  });

  test('with docs in two layers each line is reported with what it added itself', () => {
    const spec = install('# tools');
    spec.dockerfile = dockerfile('FROM debian:12.5-slim', '# tools', 'RUN apt-get install -y --no-install-recommends curl', 'RUN apt-get install -y --no-install-recommends git', 'USER app');
    spec.layers = [{ line: 1, base: true, bytes: 75 * MiB }, { line: 3, categories: [category('docs', 2 * MiB)] }, { line: 4, categories: [category('docs', 5 * MiB)] }];
    expect(ofRule(findingsOf(spec), 'BL012')).toMatchObject([
      { line: 4, endLine: 4, savingsBytes: 5 * MiB, evidence: { totalInImage: 7 * MiB } },
      { line: 3, endLine: 3, savingsBytes: 2 * MiB, evidence: { totalInImage: 7 * MiB } },
    ]);
  });

  test('the threshold is per line: a base with 40 MiB of docs and a line adding 445 KiB give no finding', () => {
    const spec = install('# tools');
    spec.layers = [{ line: 1, base: true, bytes: 900 * MiB, categories: [category('docs', 40 * MiB)] }, { line: 3, bytes: 20 * MiB, categories: [category('docs', 445 * KiB)] }];
    expect(ofRule(findingsOf(spec), 'BL012')).toEqual([]);
  });

  test('docs a later line deleted are not claimed beyond what the image still holds', () => {
    const spec = install('# tools');
    spec.layers = [{ line: 1, base: true, bytes: 75 * MiB }, { line: 3, categories: [category('docs', 6 * MiB)] }];
    spec.finalCategories = [category('docs', 2 * MiB)];
    expect(ofRule(findingsOf(spec), 'BL012')).toMatchObject([{ line: 3, savingsBytes: 2 * MiB }]);
  });

  test('no finding when the install removes its docs in the same RUN', () => {
    expect(ofRule(findingsOf(install('# tools', { line: 3, bytes: 20 * MiB })), 'BL012')).toEqual([]);
  });

  test('no finding when only the base image brings docs: there is no line of ours to change', () => {
    const spec = install('# tools', { line: 3, bytes: 20 * MiB });
    spec.layers = [{ line: 1, base: true, bytes: 75 * MiB, categories: [category('docs', 12 * MiB)] }, { line: 3, bytes: 20 * MiB }];
    expect(ofRule(findingsOf(spec), 'BL012')).toEqual([]);
  });

  test('no finding below the 1 MiB minDocsBytes threshold', () => {
    const spec = install('# tools', { line: 3, categories: [category('docs', 300 * KiB)] });
    spec.layers = [{ line: 1, base: true, bytes: 75 * MiB }, { line: 3, categories: [category('docs', 300 * KiB)] }];
    expect(ofRule(findingsOf(spec), 'BL012')).toEqual([]);
  });

  test('a higher minDocsBytes from the config lets 10 MiB pass', () => {
    expect(ofRule(findingsOf(install('# tools', undefined, { thresholds: { minDocsBytes: 20 * MiB } })), 'BL012')).toEqual([]);
  });

  test('a buildlens-ignore comment above the RUN silences it', () => {
    expect(ofRule(findingsOf(install('# buildlens-ignore BL012')), 'BL012')).toEqual([]);
  });

  test('rules: { BL012: "off" } silences it', () => {
    expect(ofRule(findingsOf(install('# tools', undefined, { rules: { BL012: 'off' } })), 'BL012')).toEqual([]);
  });
});
