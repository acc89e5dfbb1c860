import { describe, expect, test } from 'vitest';
import { category, dockerfile, findingsOf, MiB, ofRule, type BuildSpec } from '../support/build-input.js';

// BL006: the base image dominates the final image while a slimmer variant fits.

// The final stage starts FROM `from` on line 2 (`comment` directly above); base and app bytes as given.
function onBase(comment: string, from: string, baseBytes: number, appBytes: number, over: Partial<BuildSpec> = {}): BuildSpec {
  return {
    dockerfile: dockerfile(comment, `FROM ${from}`, 'WORKDIR /app', 'COPY dist/ ./dist/', 'USER node'),
    layers: [
      { line: 2, base: true, bytes: baseBytes * 0.75 },
      { line: 2, base: true, bytes: baseBytes * 0.25 },
      { line: 4, bytes: appBytes },
    ],
    ...over,
  };
}

describe('BL006 heavy base image', () => {
  test('a full node image that is nearly all of the final image is reported at its FROM, as info, with the share', () => {
    const found = ofRule(findingsOf(onBase('# the runtime', 'node:20.11-bookworm', 900 * MiB, 20 * MiB)), 'BL006');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: 'BL006', severity: 'info', line: 2, endLine: 2, evidence: { baseBytes: 900 * MiB, imageBytes: 920 * MiB } });
    expect(found[0]?.evidence.share).toBeCloseTo(900 / 920, 6);
    expect(found[0]?.message).toContain('node:20.11-bookworm');
    expect(found[0]?.message).toContain('98%');
  });

  test('the FROM of the target stage is the one judged, not the last stage', () => {
    const spec = onBase('# runtime', 'node:20.11-bookworm-slim', 900 * MiB, 20 * MiB, {
      dockerfile: dockerfile('# runtime', 'FROM node:20.11-bookworm AS fat', 'WORKDIR /app', 'COPY dist/ ./dist/', 'USER node', 'FROM node:20.11-bookworm-slim AS slim', 'USER node'),
      target: 'fat',
    });
    expect(ofRule(findingsOf(spec), 'BL006')).toMatchObject([{ line: 2, endLine: 2 }]);
  });

  test.each([
    ['a slim variant', 'node:20.11-bookworm-slim', 900, 20],
    ['an alpine variant', 'node:20.11-alpine3.19', 900, 20],
    ['a distroless image', 'gcr.io/distroless/nodejs20-debian12', 900, 20],
    ['a base below 70% of the image', 'node:20.11-bookworm', 150, 100],
    ['a base below 100 MiB', 'example.com/runtime:1.4', 60, 2],
  ])('no finding for %s', (_name, from, baseMiB, appMiB) => {
    expect(ofRule(findingsOf(onBase('# runtime', from, baseMiB * MiB, appMiB * MiB)), 'BL006')).toEqual([]);
  });

  test('when the final stage starts from an earlier stage, the FROM that names the image is judged and reported', () => {
    const spec = onBase('# runtime', 'node:20.11-bookworm', 900 * MiB, 20 * MiB, {
      dockerfile: dockerfile('# runtime', 'FROM node:20.11-bookworm AS base', 'WORKDIR /app', 'FROM base', 'COPY dist/ ./dist/', 'USER node'),
    });
    expect(ofRule(findingsOf(spec), 'BL006')).toMatchObject([{ line: 2, message: expect.stringContaining('node:20.11-bookworm') as string }]);
  });

  test('a base-only toolchain under FROM <stage> is folded into BL006 at the FROM that names the image', () => {
    const spec = onBase('# runtime', 'node:20.11-bookworm', 900 * MiB, 20 * MiB, {
      dockerfile: dockerfile('# runtime', 'FROM node:lts AS development', 'WORKDIR /code', 'FROM development AS dev-envs', 'COPY dist/ ./dist/', 'USER node'),
      layers: [{ line: 2, base: true, bytes: 700 * MiB, categories: [category('toolchain', 175 * MiB, ['usr/lib/gcc/x86_64-linux-gnu/12/cc1plus'])] }, { line: 2, base: true, bytes: 200 * MiB }, { line: 5, bytes: 20 * MiB }],
      target: 'dev-envs',
    });
    const found = findingsOf(spec);
    expect(ofRule(found, 'BL004')).toEqual([]);
    expect(ofRule(found, 'BL006')).toMatchObject([{ line: 2, relatedRules: ['BL004'] }]);
  });

  test('a buildlens-ignore comment above the FROM silences it', () => {
    expect(ofRule(findingsOf(onBase('# buildlens-ignore BL006', 'node:20.11-bookworm', 900 * MiB, 20 * MiB)), 'BL006')).toEqual([]);
  });

  test('rules: { BL006: "warning" } re-grades it to a warning', () => {
    const found = ofRule(findingsOf(onBase('# runtime', 'node:20.11-bookworm', 900 * MiB, 20 * MiB, { rules: { BL006: 'warning' } })), 'BL006');
    expect(found).toMatchObject([{ severity: 'warning', line: 2 }]);
  });
});
