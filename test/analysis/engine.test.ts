import { describe, expect, test } from 'vitest';
import { category, dockerfile, findingsOf, MiB, ofRule, type BuildSpec } from './support/build-input.js';

// The engine: suppression comments, config overrides and ordering, on real rule output.

// An apt install on line 3 that trips BL002 (lists left), BL003 (recommends) and BL013 (slow, uncached); `comment` directly above.
function aptInstall(comment: string, over: Partial<BuildSpec> = {}): BuildSpec {
  return {
    dockerfile: dockerfile('FROM debian:12.5-slim', comment, 'RUN apt-get update && apt-get install -y curl', 'USER app'),
    layers: [{ line: 1, base: true, bytes: 75 * MiB }, { line: 3, bytes: 60 * MiB, categories: [category('apt-lists', 18 * MiB)] }],
    steps: { 3: { cached: false, durationMs: 21_000 } },
    ...over,
  };
}

const rulesAt = (spec: BuildSpec, line: number) => findingsOf(spec).filter((f) => f.line === line).map((f) => f.rule).sort();

describe('rules engine', () => {
  test('without a suppression comment the install trips BL002, BL003 and BL013', () => {
    expect(rulesAt(aptInstall('# tools'), 3)).toEqual(['BL002', 'BL003', 'BL013']);
  });

  test.each([
    ['comma-separated', '# buildlens-ignore BL003,BL002'],
    ['comma and space', '# buildlens-ignore BL003, BL002'],
    ['space-separated, lowercase', '# buildlens-ignore bl003 bl002'],
  ])('one comment naming two rules (%s) silences exactly those two at the instruction below', (_name, comment) => {
    expect(rulesAt(aptInstall(comment), 3)).toEqual(['BL013']);
  });

  test('a comment silences only the instruction directly below it, not the same problem on a later line', () => {
    const spec = aptInstall('# buildlens-ignore BL003', {
      dockerfile: dockerfile('FROM debian:12.5-slim', '# buildlens-ignore BL003', 'RUN apt-get update && apt-get install -y curl', 'RUN apt-get install -y git', 'USER app'),
    });
    expect(ofRule(findingsOf(spec), 'BL003').map((f) => f.line)).toEqual([4]);
  });

  test('a comment separated from the instruction by a blank line silences nothing', () => {
    const spec = aptInstall('# buildlens-ignore BL003', {
      dockerfile: dockerfile('FROM debian:12.5-slim', '# buildlens-ignore BL003', '', 'RUN apt-get install -y curl', 'USER app'),
      layers: undefined,
      steps: {},
    });
    expect(ofRule(findingsOf(spec), 'BL003').map((f) => f.line)).toEqual([4]);
  });

  test('a comment above a multi-line instruction silences findings that span it', () => {
    const spec: BuildSpec = { dockerfile: dockerfile('FROM debian:12.5-slim', '# buildlens-ignore BL003', 'RUN apt-get update \\', '    && apt-get install -y curl', 'USER app') };
    expect(ofRule(findingsOf(spec), 'BL003')).toEqual([]);
  });

  test('a severity override changes only that rule', () => {
    const findings = findingsOf(aptInstall('# tools', { rules: { BL003: 'error' } }));
    expect(Object.fromEntries(findings.filter((f) => f.line === 3).map((f) => [f.rule, f.severity]))).toEqual({ BL002: 'warning', BL003: 'error', BL013: 'info' });
  });

  test('"off" removes only that rule', () => {
    expect(rulesAt(aptInstall('# tools', { rules: { BL013: 'off' } }), 3)).toEqual(['BL002', 'BL003']);
  });

  test('findings come most severe first, then by bytes saved, then by line', () => {
    const spec: BuildSpec = {
      dockerfile: dockerfile('ARG NPM_TOKEN', 'FROM debian:12.5-slim', 'RUN apt-get update && apt-get install -y --no-install-recommends curl', 'RUN apt-get update && apt-get install -y --no-install-recommends git', 'USER app'),
      layers: [
        { line: 2, base: true, bytes: 75 * MiB },
        { line: 3, categories: [category('apt-lists', 2 * MiB)] },
        { line: 4, categories: [category('apt-lists', 9 * MiB)] },
      ],
    };
    expect(findingsOf(spec).map((f) => [f.rule, f.severity, f.line])).toEqual([
      ['BL009', 'error', 1],
      ['BL002', 'warning', 4],
      ['BL002', 'warning', 3],
      ['BL013', 'info', 3],
      ['BL014', 'info', 3],
      ['BL013', 'info', 4],
    ]);
  });

  test('a buildlens-ignore comment above a global ARG silences it', () => {
    const spec: BuildSpec = { dockerfile: dockerfile('# buildlens-ignore BL009', 'ARG REGISTRY_PASSWORD', 'FROM alpine:3.19', 'USER nobody') };
    expect(ofRule(findingsOf(spec), 'BL009')).toEqual([]);
  });
});

describe('a partial image (the build exported nothing)', () => {
  // The base alone is all BuildKit had blobs for: a share of "the image" would be a share of a fragment.
  const spec: BuildSpec = {
    dockerfile: dockerfile('FROM node:20.11-bookworm', 'RUN apt-get update && apt-get install -y gcc', 'COPY . .'),
    layers: [{ line: 1, base: true, bytes: 900 * MiB, categories: [category('toolchain', 200 * MiB), category('docs', 30 * MiB)] }],
  };

  test('rules about the whole image run on a complete image', () => {
    const rules = findingsOf(spec).map((f) => f.rule);
    expect(rules).toContain('BL006');
  });

  test('and are not run on a partial one', () => {
    const rules = findingsOf({ ...spec, partialImage: true }).map((f) => f.rule);
    expect(rules.filter((r) => ['BL004', 'BL006', 'BL012', 'BL015'].includes(r))).toEqual([]);
  });
});
