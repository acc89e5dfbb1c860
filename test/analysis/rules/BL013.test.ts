import { describe, expect, test } from 'vitest';
import { dockerfile, findingsOf, ofRule, type BuildSpec } from '../support/build-input.js';

// BL013: slow, uncached package installs that a cache mount would speed up.

// `run` on line 5 (`comment` directly above), which ran as `step` says (default: uncached, 48 s).
function install(comment: string, run = 'RUN npm ci --omit=dev', step: BuildSpec['steps'] = { 5: { cached: false, durationMs: 48_000 } }, over: Partial<BuildSpec> = {}): BuildSpec {
  return {
    dockerfile: dockerfile('FROM node:20.11-bookworm-slim', 'WORKDIR /app', 'COPY package.json package-lock.json ./', comment, run, 'COPY . .', 'USER node'),
    steps: step,
    ...over,
  };
}

describe('BL013 install without a cache mount', () => {
  test('a 48 s uncached npm ci is reported at its RUN as info with the time it took', () => {
    const found = ofRule(findingsOf(install('# dependencies')), 'BL013');
    expect(found).toEqual([{ rule: 'BL013', severity: 'info', line: 5, endLine: 5, message: expect.stringContaining('48.0s') as string, evidence: { durationMs: 48_000 } }]);
  });

  test.each([
    ['pip', 'RUN pip install --no-cache-dir -r requirements.txt'],
    ['apt-get', 'RUN apt-get update && apt-get install -y --no-install-recommends libpq5'],
    ['apk', 'RUN apk add --no-cache libpq'],
    ['go', 'RUN go mod download'],
    ['bundler', 'RUN bundle install'],
    ['yarn alone', 'RUN yarn'],
    ['dnf', 'RUN dnf install -y libpq'],
  ])('a slow install by %s is reported', (_name, run) => {
    expect(ofRule(findingsOf(install('# deps', run)), 'BL013')).toMatchObject([{ line: 5, evidence: { durationMs: 48_000 } }]);
  });

  test('the line range of a multi-line install is reported', () => {
    const spec = install('# deps', 'RUN pip install \\\n    -r requirements.txt');
    expect(ofRule(findingsOf(spec), 'BL013')).toMatchObject([{ line: 5, endLine: 6 }]);
  });

  test.each([
    ['the step was cached', 'RUN npm ci --omit=dev', { cached: true, durationMs: 48_000 }],
    ['it took under 5 s', 'RUN npm ci --omit=dev', { cached: false, durationMs: 4_000 }],
    ['it already has a cache mount', 'RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev', { cached: false, durationMs: 48_000 }],
    ['the slow step is no install', 'RUN npm run build', { cached: false, durationMs: 90_000 }],
  ])('no finding when %s', (_name, run, step) => {
    expect(ofRule(findingsOf(install('# deps', run, { 5: step })), 'BL013')).toEqual([]);
  });

  test('a higher slowInstallMs from the config lets 48 s pass', () => {
    expect(ofRule(findingsOf(install('# deps', undefined, undefined, { thresholds: { slowInstallMs: 60_000 } })), 'BL013')).toEqual([]);
  });

  test('a buildlens-ignore comment above the RUN silences it', () => {
    expect(ofRule(findingsOf(install('# buildlens-ignore BL013')), 'BL013')).toEqual([]);
  });

  test('rules: { BL013: "off" } silences it', () => {
    expect(ofRule(findingsOf(install('# deps', undefined, undefined, { rules: { BL013: 'off' } })), 'BL013')).toEqual([]);
  });

  test('no finding when the install has a cache mount followed by a secret mount', () => {
    const run = 'RUN --mount=type=cache,target=/root/.npm --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci --omit=dev';
    expect(ofRule(findingsOf(install('# deps', run)), 'BL013')).toEqual([]);
  });
});
