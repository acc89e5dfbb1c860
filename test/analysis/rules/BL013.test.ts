import { describe, expect, test } from 'vitest';
import { buildInput, dockerfile, findingsOf, ofRule, type BuildSpec, runRules } from '../support/build-input.js';

// BL013: package installs without a cache mount, decided by the kind of step, not by how long it took.

// `run` on line 5 (`comment` directly above), which ran as `step` says (default: uncached, 48 s).
function install(comment: string, run = 'RUN npm ci --omit=dev', step: BuildSpec['steps'] = { 5: { cached: false, durationMs: 48_000 } }, over: Partial<BuildSpec> = {}): BuildSpec {
  return {
    dockerfile: dockerfile('FROM node:20.11-bookworm-slim', 'WORKDIR /app', 'COPY package.json package-lock.json ./', comment, run, 'COPY . .', 'USER node'),
    steps: step,
    ...over,
  };
}

describe('BL013 install without a cache mount', () => {
  test('a 48 s uncached npm ci is reported at its RUN as info with the time it took and the cache target for npm', () => {
    const found = ofRule(findingsOf(install('# dependencies')), 'BL013');
    expect(found).toEqual([{ rule: 'BL013', severity: 'info', line: 5, endLine: 5, message: expect.stringContaining('48.0s') as string, evidence: { durationMs: 48_000, cached: false, cacheTarget: '/root/.npm' } }]);
  });

  test.each([
    ['cached', { cached: true, durationMs: 0 }],
    ['quick on a fast machine', { cached: false, durationMs: 900 }],
    ['slow on a loaded one', { cached: false, durationMs: 120_000 }],
  ])('the same install is reported whether it was %s: the finding does not depend on the machine', (_name, step) => {
    expect(ofRule(findingsOf(install('# deps', 'RUN npm ci --omit=dev', { 5: step })), 'BL013')).toMatchObject([{ line: 5, evidence: { cacheTarget: '/root/.npm' } }]);
  });

  test.each([
    ['yarn global add', 'RUN yarn global add @vue/cli', '/usr/local/share/.cache/yarn'],
    ['npm install -g', 'RUN npm install -g nodemon', '/root/.npm'],
    ['pnpm', 'RUN pnpm install --frozen-lockfile', '/root/.local/share/pnpm/store'],
    ['apt-get', 'RUN apt-get update && apt-get install -y git', '/var/cache/apt'],
  ])('%s is an install, with its own cache target', (_name, run, target) => {
    expect(ofRule(findingsOf(install('# deps', run)), 'BL013')).toMatchObject([{ line: 5, evidence: { cacheTarget: target } }]);
  });

  test('an install in a stage this build did not run is not reported', () => {
    const spec = install('# deps');
    const input = buildInput({ ...spec, dockerfile: `${spec.dockerfile}FROM node:20.11-bookworm-slim AS tools\nRUN npm install -g nodemon\n` });
    // The target needs only the first stage: BuildKit runs no step of the second.
    input.report.steps = input.report.steps.filter((s) => s.stage !== 'tools');
    expect(ofRule(runRules(input), 'BL013').map((f) => f.line)).toEqual([5]);
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
    ['it already has a cache mount', 'RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev', { cached: false, durationMs: 48_000 }],
    ['the slow step is no install', 'RUN npm run build', { cached: false, durationMs: 90_000 }],
  ])('no finding when %s', (_name, run, step) => {
    expect(ofRule(findingsOf(install('# deps', run, { 5: step })), 'BL013')).toEqual([]);
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
