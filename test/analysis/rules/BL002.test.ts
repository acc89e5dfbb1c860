import { describe, expect, test } from 'vitest';
import { category, dockerfile, findingsOf, KiB, MiB, ofRule, type BuildSpec, type LayerSpec } from '../support/build-input.js';

// BL002: package-manager caches and indexes left in a layer that ships.

const APT_LISTS = category('apt-lists', 18 * MiB, ['var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4']);
const APT_ARCHIVES = category('apt-archives', 3 * MiB, ['var/cache/apt/pkgcache.bin', 'var/cache/apt/srcpkgcache.bin']);

// apt install on lines 3-4 with no cleanup; `comment` sits directly above line 3.
function aptWithoutCleanup(comment: string, install: LayerSpec = { line: 3, categories: [APT_LISTS, APT_ARCHIVES], bytes: 40 * MiB }, over: Partial<BuildSpec> = {}): BuildSpec {
  return {
    dockerfile: dockerfile(
      'FROM debian:12.5-slim',
      comment,
      'RUN apt-get update \\',
      '    && apt-get install -y --no-install-recommends curl',
      'RUN useradd --system app',
      'USER app',
    ),
    layers: [{ line: 1, base: true, bytes: 75 * MiB }, install, { line: 5, bytes: 20 * KiB }],
    ...over,
  };
}

describe('BL002 package-manager caches', () => {
  test('apt lists and archives left by an install are reported at its RUN with their bytes, paths and the fix', () => {
    const found = ofRule(findingsOf(aptWithoutCleanup('# tools for the healthcheck')), 'BL002');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      rule: 'BL002',
      severity: 'warning',
      line: 3,
      endLine: 4,
      savingsBytes: 21 * MiB,
      evidence: {
        caches: [
          { category: 'apt-lists', bytes: 18 * MiB, files: 1, paths: APT_LISTS.paths },
          { category: 'apt-archives', bytes: 3 * MiB, files: 2, paths: APT_ARCHIVES.paths },
        ],
      },
    });
    expect(found[0]?.message).toContain('rm -rf /var/lib/apt/lists/*');
    expect(found[0]).not.toHaveProperty('relatedLines');
  });

  test.each([
    ['apk-cache', 'apk add --no-cache', 'var/cache/apk/APKINDEX.tar.gz'],
    ['pip-cache', 'pip install --no-cache-dir', 'root/.cache/pip/http/a/b/c'],
    ['npm-cache', 'npm cache clean --force', 'root/.npm/_cacache/content-v2/sha512/aa'],
    ['yarn-cache', 'yarn cache clean', 'usr/local/share/.cache/yarn/v6/npm-react-18.2.0'],
    ['go-cache', 'type=cache,target=/root/.cache/go-build', 'root/.cache/go-build/aa/bb'],
  ] as const)('a %s left in a layer is reported with its own advice (%s)', (name, advice, path) => {
    const [finding] = ofRule(findingsOf(aptWithoutCleanup('# install', { line: 3, categories: [category(name, 4 * MiB, [path])] })), 'BL002');
    expect(finding).toMatchObject({ line: 3, endLine: 4, savingsBytes: 4 * MiB, evidence: { caches: [{ category: name, bytes: 4 * MiB, paths: [path] }] } });
    expect(finding?.message).toContain(advice);
  });

  test('no finding when the lists are removed in the same RUN: the layer holds no cache', () => {
    expect(ofRule(findingsOf(aptWithoutCleanup('# install', { line: 3, bytes: 12 * MiB })), 'BL002')).toEqual([]);
  });

  test('no finding when a later RUN removed the lists (they do not ship as a cache; BL001 reports the waste instead)', () => {
    const spec = aptWithoutCleanup('# install', { line: 3, categories: [APT_LISTS], bytes: 30 * MiB, wastedBy: [{ layer: 2, bytes: 18 * MiB, paths: ['var/lib/apt/lists/x'] }] }, { finalCategories: [] });
    const findings = findingsOf(spec);
    expect(ofRule(findings, 'BL002')).toEqual([]);
    expect(ofRule(findings, 'BL001')).toMatchObject([{ line: 3, relatedLines: [5], savingsBytes: 18 * MiB }]);
  });

  test('when a later RUN removed part of the lists, only what still ships is counted: the rest is BL001\'s, never both', () => {
    const spec = aptWithoutCleanup('# install', { line: 3, categories: [APT_LISTS], bytes: 30 * MiB }, { finalCategories: [category('apt-lists', 5 * MiB)] });
    expect(ofRule(findingsOf(spec), 'BL002')).toMatchObject([{ line: 3, savingsBytes: 5 * MiB, evidence: { caches: [{ category: 'apt-lists', bytes: 5 * MiB }] } }]);
  });

  test('no finding for caches that came with the base image', () => {
    const spec = aptWithoutCleanup('# install', { line: 3, bytes: 12 * MiB });
    spec.layers = [{ line: 1, base: true, bytes: 75 * MiB, categories: [APT_LISTS] }, { line: 3, bytes: 12 * MiB }];
    expect(ofRule(findingsOf(spec), 'BL002')).toEqual([]);
  });

  test('no finding below the 512 KiB minCacheBytes threshold', () => {
    expect(ofRule(findingsOf(aptWithoutCleanup('# install', { line: 3, categories: [category('apt-lists', 300 * KiB), category('apt-archives', 200 * KiB)] })), 'BL002')).toEqual([]);
  });

  test('a buildlens-ignore comment above the RUN silences it', () => {
    expect(ofRule(findingsOf(aptWithoutCleanup('# buildlens-ignore BL002')), 'BL002')).toEqual([]);
  });

  test('rules: { BL002: "off" } silences it and rules: { BL002: "error" } re-grades it without changing anything else', () => {
    expect(ofRule(findingsOf(aptWithoutCleanup('# install', undefined, { rules: { BL002: 'off' } })), 'BL002')).toEqual([]);
    const [regraded] = ofRule(findingsOf(aptWithoutCleanup('# install', undefined, { rules: { BL002: 'error' } })), 'BL002');
    expect(regraded).toMatchObject({ severity: 'error', line: 3, endLine: 4, savingsBytes: 21 * MiB });
  });
});
