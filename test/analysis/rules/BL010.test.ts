import { describe, expect, test } from 'vitest';
import { dockerfile, findingsOf, ofRule, type BuildSpec } from '../support/build-input.js';

// BL010: the final stage runs as root.

// A build stage that switches user, then a final stage (FROM on line 5, `comment` directly above) ending with `tail`.
function twoStages(comment: string, tail: string[] = [], over: Partial<BuildSpec> = {}): BuildSpec {
  return {
    dockerfile: dockerfile('FROM node:20.11-bookworm-slim AS build', 'USER node', 'RUN npm ci && npm run build', comment, 'FROM node:20.11-bookworm-slim', 'COPY --from=build /app /app', ...tail, 'CMD ["node", "/app/server.js"]'),
    ...over,
  };
}

describe('BL010 root user', () => {
  test('a final stage without USER is reported at its FROM as info, even if an earlier stage switched user', () => {
    const found = ofRule(findingsOf(twoStages('# runtime')), 'BL010');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: 'BL010', severity: 'info', line: 5, endLine: 5, evidence: { user: null } });
    expect(found[0]?.message).toContain('no USER');
  });

  test.each([
    ['USER root', 'root'],
    ['USER 0:0', '0'],
    ['USER root:root', 'root'],
  ])('a final stage whose last USER is `%s` is reported at that USER', (user, name) => {
    const found = ofRule(findingsOf(twoStages('# runtime', ['USER app', user])), 'BL010');
    expect(found).toMatchObject([{ line: 8, endLine: 8, evidence: { user: name } }]);
    expect(found[0]?.message).toContain('switches to root');
  });

  test.each([['USER node'], ['USER 10001:10001'], ['USER app:app']])('no finding when the final stage ends with `%s`', (user) => {
    expect(ofRule(findingsOf(twoStages('# runtime', [user])), 'BL010')).toEqual([]);
  });

  test('no finding when the final stage goes to root for a step and back to a user', () => {
    expect(ofRule(findingsOf(twoStages('# runtime', ['USER root', 'RUN apt-get update', 'USER app'])), 'BL010')).toEqual([]);
  });

  test('the target stage is judged, not the last one', () => {
    const spec = twoStages('# runtime', ['USER app'], { target: 'build' });
    spec.dockerfile = dockerfile('FROM node:20.11-bookworm-slim AS build', 'RUN npm ci', '# runtime', 'FROM node:20.11-bookworm-slim', 'USER app');
    expect(ofRule(findingsOf(spec), 'BL010')).toMatchObject([{ line: 1, endLine: 1 }]);
  });

  test('a buildlens-ignore comment above the final FROM silences it', () => {
    expect(ofRule(findingsOf(twoStages('# buildlens-ignore BL010')), 'BL010')).toEqual([]);
  });

  test('rules: { BL010: "off" } silences it and rules: { BL010: "error" } makes it an error', () => {
    expect(ofRule(findingsOf(twoStages('# runtime', [], { rules: { BL010: 'off' } })), 'BL010')).toEqual([]);
    expect(ofRule(findingsOf(twoStages('# runtime', [], { rules: { BL010: 'error' } })), 'BL010')).toMatchObject([{ severity: 'error', line: 5 }]);
  });

  test('no finding when the final stage starts FROM a stage that already switched to a non-root user', () => {
    const spec: BuildSpec = {
      dockerfile: dockerfile('FROM node:20.11-bookworm-slim AS base', 'RUN useradd --system --uid 10001 app', 'USER app', 'FROM base', 'COPY --chown=app dist/ /app/', 'CMD ["node", "/app/server.js"]'),
    };
    expect(ofRule(findingsOf(spec), 'BL010')).toEqual([]);
  });
});
