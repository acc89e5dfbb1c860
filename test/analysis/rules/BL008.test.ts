import { describe, expect, test } from 'vitest';
import { contextFacts, dockerfile, findingsOf, KiB, MiB, ofRule, type BuildSpec } from '../support/build-input.js';

// BL008: a build context larger than needed.

const GIT = { path: '.git', bytes: 120 * MiB, files: 900 };
const NODE_MODULES = { path: 'node_modules', bytes: 55 * MiB, files: 3000 };

// `COPY . .` on line 4 (`comment` directly above) with the given context.
function copyContext(comment: string, context = contextFacts({ dockerignore: false, dockerignoreFile: undefined, bytes: 180 * MiB, files: 4200, ignoredFiles: 0, ignoredBytes: 0, heavy: [GIT, NODE_MODULES] }), over: Partial<BuildSpec> = {}): BuildSpec {
  return {
    dockerfile: dockerfile('FROM node:20.11-bookworm-slim', 'WORKDIR /app', comment, 'COPY . .', 'RUN npm ci --omit=dev', 'USER node'),
    context,
    ...over,
  };
}

describe('BL008 build context', () => {
  test('.git and node_modules sent without a .dockerignore are reported at COPY . . with their bytes', () => {
    const found = ofRule(findingsOf(copyContext('# the sources')), 'BL008');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      rule: 'BL008',
      severity: 'warning',
      line: 4,
      endLine: 4,
      savingsBytes: 175 * MiB,
      evidence: { contextBytes: 180 * MiB, files: 4200, dockerignore: false, heavy: [GIT, NODE_MODULES] },
    });
    expect(found[0]?.message).toContain('no .dockerignore');
  });

  test('heavy paths under the 1 MiB threshold are neither evidence nor savings', () => {
    const coverage = { path: 'coverage', bytes: 200 * KiB, files: 30 };
    const [finding] = ofRule(findingsOf(copyContext('# src', contextFacts({ bytes: 130 * MiB, heavy: [GIT, coverage] }))), 'BL008');
    expect(finding).toMatchObject({ line: 4, savingsBytes: 120 * MiB, evidence: { dockerignore: true, heavy: [GIT] } });
    expect(finding?.message).not.toContain('no .dockerignore');
  });

  test('a large context without a .dockerignore is reported even with nothing heavy, promising no bytes', () => {
    const [finding] = ofRule(findingsOf(copyContext('# src', contextFacts({ dockerignore: false, bytes: 20 * MiB }))), 'BL008');
    expect(finding).toMatchObject({ line: 4, endLine: 4, evidence: { dockerignore: false, heavy: [] } });
    expect(finding).not.toHaveProperty('savingsBytes');
  });

  test('without a COPY of the whole context the finding sits on the first FROM', () => {
    const spec = copyContext('# src', undefined, { dockerfile: dockerfile('FROM node:20.11-bookworm-slim', 'WORKDIR /app', 'COPY server.js ./server.js', 'USER node') });
    expect(ofRule(findingsOf(spec), 'BL008')).toMatchObject([{ line: 1, endLine: 1 }]);
  });

  test.each([
    ['a .dockerignore and nothing heavy', contextFacts()],
    ['no .dockerignore but a 2 MiB context', contextFacts({ dockerignore: false, bytes: 2 * MiB })],
  ])('no finding with %s', (_name, context) => {
    expect(ofRule(findingsOf(copyContext('# src', context)), 'BL008')).toEqual([]);
  });

  test('no finding without context facts', () => {
    const spec = copyContext('# src');
    delete spec.context;
    expect(ofRule(findingsOf(spec), 'BL008')).toEqual([]);
  });

  test('a buildlens-ignore comment above the COPY silences it', () => {
    expect(ofRule(findingsOf(copyContext('# buildlens-ignore BL008')), 'BL008')).toEqual([]);
  });

  test('rules: { BL008: "off" } silences it', () => {
    expect(ofRule(findingsOf(copyContext('# src', undefined, { rules: { BL008: 'off' } })), 'BL008')).toEqual([]);
  });

  test('with the manifests copied to ./ first, the finding sits on COPY . ., not on the manifests COPY', () => {
    const spec = copyContext('# src', undefined, {
      dockerfile: dockerfile('FROM node:20.11-bookworm-slim', 'WORKDIR /app', 'COPY package.json package-lock.json ./', 'RUN npm ci --omit=dev', 'COPY . .', 'USER node'),
    });
    expect(ofRule(findingsOf(spec), 'BL008')).toMatchObject([{ line: 5, endLine: 5 }]);
  });
});
