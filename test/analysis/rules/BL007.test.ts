import { describe, expect, test } from 'vitest';
import { buildInput, dockerfile, findingsOf, ofRule, type BuildSpec, runRules } from '../support/build-input.js';

// BL007: sources copied before a dependency install, in the same stage or a stage it is built from.

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

  test('COPY ./src and COPY ./public before `npm install && npm run build`: one finding at the first, pointing at the install', () => {
    const spec: BuildSpec = {
      dockerfile: dockerfile('FROM node:18-slim', 'WORKDIR /app', 'COPY package*.json ./', 'COPY ./src ./src', 'COPY ./public ./public', 'RUN npm install && npm install -g serve && npm run build', 'CMD ["serve", "-s", "build"]'),
      steps: { 6: { cached: false, durationMs: 98_900 } },
    };
    expect(ofRule(findingsOf(spec), 'BL007')).toMatchObject([{ line: 4, relatedLines: [6], savingsMs: 98_900, evidence: { sources: ['./src'] } }]);
  });

  test.each([
    ['COPY server.js ./', true],
    ['COPY src/ ./src/', true],
    ['COPY docker-entrypoint.sh /usr/local/bin/', false],
    ['COPY tsconfig.json .npmrc ./', false],
    ['COPY package* yarn.lock ./', false],
    ['COPY requirements.txt /code', false],
    ['COPY go.mod go.sum ./', false],
  ])('`%s` before the install counts as sources: %s', (copy, flagged) => {
    expect(ofRule(findingsOf(copyThenInstall('# one copy', copy)), 'BL007').length).toBe(flagged ? 1 : 0);
  });

  test('an install in a stage built FROM a stage that copied the sources is reported at that COPY', () => {
    const spec: BuildSpec = {
      dockerfile: dockerfile('FROM node:lts AS development', 'WORKDIR /code', 'COPY package.json package-lock.json ./', 'RUN npm ci', 'COPY . /code', 'FROM development AS dev-envs', 'RUN apt-get update && apt-get install -y git', 'USER node'),
      steps: { 7: { cached: false, durationMs: 12_000 } },
    };
    expect(ofRule(findingsOf(spec), 'BL007')).toMatchObject([{ line: 5, relatedLines: [7], message: expect.stringContaining('the stage it is built from') as string }]);
  });

  test.each([['yarn global add', 'RUN yarn global add @vue/cli'], ['npm install -g', 'RUN npm install -g @angular/cli@13']])('a global install (%s) after the sources is an install too', (_name, install) => {
    expect(ofRule(findingsOf(copyThenInstall('# all', 'COPY . .', install)), 'BL007')).toMatchObject([{ line: 4, relatedLines: [5] }]);
  });

  test('an install in a stage this build did not run is not reported', () => {
    const input = buildInput(copyThenInstall('# all'));
    input.report.steps = input.report.steps.filter((s) => s.line !== 5);
    expect(ofRule(runRules(input), 'BL007')).toEqual([]);
  });

  test('a buildlens-ignore comment above the COPY silences it', () => {
    expect(ofRule(findingsOf(copyThenInstall('# buildlens-ignore BL007')), 'BL007')).toEqual([]);
  });

  test('rules: { BL007: "off" } silences it', () => {
    expect(ofRule(findingsOf(copyThenInstall('# all', undefined, undefined, { rules: { BL007: 'off' } })), 'BL007')).toEqual([]);
  });
});
