import { describe, expect, test } from 'vitest';
import { totalSavings } from '../../src/model/savings.js';
import { category, dockerfile, findingsOf, MiB, ofRule, type BuildSpec } from './support/build-input.js';

// One finding per set of bytes: rules that measure the same bytes on the same line name each other instead.

const GCC = category('toolchain', 175 * MiB, ['usr/lib/gcc/x86_64-linux-gnu/12/cc1plus']);

// node:lts (the full image, compilers included) and a small app on top.
function fullNodeBase(runLine: string): BuildSpec {
  return {
    dockerfile: dockerfile('FROM node:lts', 'WORKDIR /code', runLine, 'COPY . /code', 'USER node', 'CMD ["node", "src/index.js"]'),
    layers: [
      { line: 1, base: true, bytes: 900 * MiB, categories: [GCC] },
      { line: 1, base: true, bytes: 250 * MiB },
      { line: 3, bytes: 30 * MiB },
      { line: 4, bytes: 200 * 1024 },
    ],
  };
}

describe('findings that measure the same bytes', () => {
  test('a toolchain only the base brought is BL006\'s (switch to a slim variant): one finding, naming BL004', () => {
    const findings = findingsOf(fullNodeBase('RUN npm ci --omit=dev'));
    expect(ofRule(findings, 'BL004')).toEqual([]);
    const [heavy] = ofRule(findings, 'BL006');
    expect(heavy).toMatchObject({ line: 1, relatedRules: ['BL004'], evidence: { BL004: { bytes: 175 * MiB } } });
    expect(totalSavings(findings).bytes).toBe(0);
  });

  test('a toolchain a RUN of the Dockerfile installed stays BL004\'s, on that line, beside BL006 on the FROM', () => {
    const spec = fullNodeBase('RUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*');
    spec.layers = [{ line: 1, base: true, bytes: 900 * MiB }, { line: 1, base: true, bytes: 250 * MiB }, { line: 3, bytes: 180 * MiB, categories: [GCC] }, { line: 4, bytes: 200 * 1024 }];
    const findings = findingsOf(spec);
    expect(ofRule(findings, 'BL004')).toMatchObject([{ line: 3, savingsBytes: 175 * MiB }]);
    expect(ofRule(findings, 'BL006')[0]).not.toHaveProperty('relatedRules');
  });

  test('caches a later RUN deleted are BL001\'s waste, naming BL002, and never a BL002 finding too', () => {
    const spec: BuildSpec = {
      dockerfile: dockerfile('FROM debian:12.5-slim', 'RUN apt-get update && apt-get install -y --no-install-recommends curl', 'RUN rm -rf /var/lib/apt/lists/*', 'USER app'),
      layers: [{ line: 1, base: true, bytes: 75 * MiB }, { line: 2, bytes: 30 * MiB, categories: [category('apt-lists', 18 * MiB)], wastedBy: [{ layer: 2, bytes: 18 * MiB, paths: ['var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4'] }] }, { line: 3, bytes: 0 }],
      finalCategories: [],
    };
    const findings = findingsOf(spec);
    expect(ofRule(findings, 'BL002')).toEqual([]);
    expect(ofRule(findings, 'BL001')).toMatchObject([{ line: 2, relatedLines: [3], relatedRules: ['BL002'], savingsBytes: 18 * MiB }]);
    expect(totalSavings(findings).bytes).toBe(18 * MiB);
  });
});
