import { describe, expect, test } from 'vitest';
import { dockerfile, findingsOf, ofRule, type BuildSpec } from '../support/build-input.js';

// BL007: a broad COPY of the context before a dependency install in the same stage.

// `copy` on line 4 (`comment` directly above), the install on line 5, ran uncached for 42 s.
function copyThenInstall(comment: string, copy = 'COPY . .', install = 'RUN npm ci', over: Partial<BuildSpec> = {}): BuildSpec {
  return {
    dockerfile: dockerfile('FROM node:20.11-bookworm-slim', 'WORKDIR /app', comment, copy, install, 'USER node'),
    steps: { 5: { cached: false, durationMs: 42_000 } },
    ...over,
  };
}

describe('BL007 broad copy before install', () => {
  test('COPY . . before npm ci is reported at the COPY, pointing at the install, with the time it cost', () => {
    const spec = copyThenInstall('# everything at once', undefined, undefined, {
      cacheMisses: [{ line: 5, step: 'step-5', cause: 'parent-missed', details: { parentLine: 4 } }],
    });
    const found = ofRule(findingsOf(spec), 'BL007');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      rule: 'BL007',
      severity: 'warning',
      line: 4,
      endLine: 4,
      relatedLines: [5],
      savingsMs: 42_000,
      evidence: { installLine: 5, installMs: 42_000, installCached: false, reranBecauseOfCopy: true },
    });
    expect(found[0]?.message).toContain('line 5');
  });

  test('a cached install is still reported, but promises no time and claims no re-run', () => {
    const [finding] = ofRule(findingsOf(copyThenInstall('# all', undefined, undefined, { steps: { 5: { cached: true, durationMs: 40 } } })), 'BL007');
    expect(finding).toMatchObject({ line: 4, relatedLines: [5], evidence: { installLine: 5, installCached: true } });
    expect(finding).not.toHaveProperty('savingsMs');
    expect(finding?.evidence).not.toHaveProperty('reranBecauseOfCopy');
  });

  test.each([
    ['COPY . /app'],
    ['COPY ./ ./'],
    ['ADD . .'],
    ['COPY --chown=node:node . .'],
  ])('the broad copy `%s` is reported', (copy) => {
    expect(ofRule(findingsOf(copyThenInstall('# all', copy)), 'BL007')).toMatchObject([{ line: 4, relatedLines: [5] }]);
  });

  test.each([
    ['pip', 'RUN pip install -r requirements.txt'],
    ['apt-get', 'RUN apt-get update && apt-get install -y --no-install-recommends libpq5'],
    ['go', 'RUN go mod download'],
    ['bundler', 'RUN bundle install'],
    ['yarn', 'RUN yarn install --frozen-lockfile'],
  ])('an install by %s after the broad copy is the related line', (_name, install) => {
    expect(ofRule(findingsOf(copyThenInstall('# all', 'COPY . .', install)), 'BL007')).toMatchObject([{ line: 4, relatedLines: [5] }]);
  });

  test('no finding when the manifests are copied first and the sources after the install', () => {
    const spec: BuildSpec = {
      dockerfile: dockerfile('FROM node:20.11-bookworm-slim', 'WORKDIR /app', 'COPY package.json package-lock.json ./', 'RUN npm ci', 'COPY . .', 'RUN npm run build', 'USER node'),
      steps: { 4: { durationMs: 42_000 } },
    };
    expect(ofRule(findingsOf(spec), 'BL007')).toEqual([]);
  });

  test.each([
    ['the copy comes from another stage', 'COPY --from=build . .', 'RUN npm ci'],
    ['what follows is no install', 'COPY . .', 'RUN npm run build'],
    ['the copy names files', 'COPY package.json package-lock.json ./', 'RUN npm ci'],
  ])('no finding when %s', (_name, copy, install) => {
    expect(ofRule(findingsOf(copyThenInstall('# all', copy, install)), 'BL007')).toEqual([]);
  });

  test('no finding when the broad copy and the install are in different stages', () => {
    const spec: BuildSpec = { dockerfile: dockerfile('FROM node:20.11-bookworm-slim AS src', 'COPY . .', 'FROM node:20.11-bookworm-slim', 'RUN npm ci', 'USER node') };
    expect(ofRule(findingsOf(spec), 'BL007')).toEqual([]);
  });

  test('a buildlens-ignore comment above the COPY silences it', () => {
    expect(ofRule(findingsOf(copyThenInstall('# buildlens-ignore BL007')), 'BL007')).toEqual([]);
  });

  test('rules: { BL007: "off" } silences it', () => {
    expect(ofRule(findingsOf(copyThenInstall('# all', undefined, undefined, { rules: { BL007: 'off' } })), 'BL007')).toEqual([]);
  });
});
