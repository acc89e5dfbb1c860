import { describe, expect, test } from 'vitest';
import { diagnoseCacheMisses, type ContextChanges } from '../../../src/analysis/cache/diagnose.js';
import type { Report, Step } from '../../../src/model/report.js';

// Reports are the project's own model: built here step by step.
function step(line: number, instruction: string, extra: Partial<Step> = {}): Step {
  return { id: `step${line}`, stage: 'app', instruction, line, endLine: line, cached: true, durationMs: 0, vertex: `sha256:${line}`, ...extra };
}

function report(steps: Step[]): Report {
  return {
    schemaVersion: 1,
    build: { ref: 'r', builder: 'default', driver: 'docker', dockerfile: 'Dockerfile', platforms: [], status: 'success', exitCode: 0, startedAt: '2026-01-01T00:00:00Z', durationMs: 1 },
    cache: { steps: steps.length, cached: 0, ratio: 0 },
    stages: [],
    steps,
    findings: [],
    notes: [],
  };
}

const BASE = [
  step(1, 'FROM base:1', { baseImage: 'sha256:aaa' }),
  step(2, 'WORKDIR /app'),
  step(3, 'COPY package.json ./'),
  step(4, 'RUN npm ci'),
  step(5, 'COPY . .'),
  step(6, 'RUN npm run build'),
];

describe('cache-miss diagnosis', () => {
  test('an edited source file: the COPY is the root, naming the file, and the build after it re-ran as a result', () => {
    const current = BASE.map((s) => (s.line >= 5 ? { ...s, cached: false, durationMs: s.line === 6 ? 41_000 : 20 } : s));
    const changes = (sources: string[]): ContextChanges | undefined => (sources.includes('.') ? { added: [], removed: [], modified: ['src/app.js'] } : { added: [], removed: [], modified: [] });
    const misses = diagnoseCacheMisses({ current: report(current), previous: report(BASE), contextChanges: changes });
    expect(misses.map((m) => [m.line, m.cause, m.root])).toEqual([[5, 'context-files-changed', true], [6, 'parent-missed', false]]);
    expect(misses[0]?.details).toMatchObject({ modified: ['src/app.js'], sources: ['.'] });
    expect(misses[1]?.details).toMatchObject({ parentLine: 5 });
    expect(misses[1]?.costMs).toBe(41_000);
  });

  test('a changed instruction is the root with both texts, and what follows is parent-missed', () => {
    const current = [...BASE.slice(0, 3), step(4, 'RUN npm ci --omit=dev', { cached: false, vertex: 'sha256:new' }), ...BASE.slice(4).map((s) => ({ ...s, cached: false, vertex: `${s.vertex}x` }))];
    const misses = diagnoseCacheMisses({ current: report(current), previous: report(BASE) });
    expect(misses[0]).toMatchObject({ line: 4, cause: 'instruction-changed', root: true, details: { previous: 'RUN npm ci', current: 'RUN npm ci --omit=dev' } });
    expect(misses.slice(1).map((m) => m.cause)).toEqual(['parent-missed', 'parent-missed']);
  });

  test('a build arg the step uses changed: named, and never its value', () => {
    const previous = [step(1, 'FROM base:1'), step(2, 'ARG VERSION'), step(3, 'RUN echo "$VERSION" > /v')];
    const current = previous.map((s) => (s.line === 3 ? { ...s, cached: false, vertex: 'sha256:changed' } : s));
    const misses = diagnoseCacheMisses({ current: report(current), previous: report(previous), changedArgs: ['VERSION'] });
    expect(misses).toHaveLength(1);
    expect(misses[0]).toMatchObject({ line: 3, cause: 'build-arg-changed', details: { args: ['VERSION'] } });
  });

  test('a base image rebuilt under the same tag: the FROM line, with both digests', () => {
    const current = BASE.map((s) => (s.line === 1 ? { ...s, baseImage: 'sha256:bbb' } : { ...s, cached: false, vertex: `${s.vertex}x` }));
    const misses = diagnoseCacheMisses({ current: report(current), previous: report(BASE) });
    expect(misses[0]).toMatchObject({ line: 1, cause: 'base-image-changed', root: true, details: { previous: 'sha256:aaa', current: 'sha256:bbb' } });
    expect(misses.slice(1).every((m) => m.cause === 'parent-missed')).toBe(true);
  });

  test('--no-cache: every miss is cache-unavailable', () => {
    const current = BASE.map((s) => (s.line === 1 ? s : { ...s, cached: false }));
    const misses = diagnoseCacheMisses({ current: report(current), previous: report(BASE), noCache: true });
    expect(misses.length).toBe(5);
    expect(misses.every((m) => m.cause === 'cache-unavailable')).toBe(true);
    expect(misses[0]?.details).toEqual({ reason: '--no-cache' });
  });

  test('no change: no misses', () => {
    expect(diagnoseCacheMisses({ current: report(BASE), previous: report(BASE) })).toEqual([]);
  });

  test('an inserted line does not make the steps after it look changed', () => {
    const current = [...BASE.slice(0, 4), step(5, 'RUN echo hello', { cached: false }), ...BASE.slice(4).map((s) => ({ ...s, line: s.line + 1, id: `s${s.line + 1}`, cached: false }))];
    const misses = diagnoseCacheMisses({ current: report(current), previous: report(BASE) });
    expect(misses.map((m) => [m.line, m.cause])).toEqual([[5, 'instruction-changed'], [6, 'parent-missed'], [7, 'parent-missed']]);
  });

  test('an unchanged step whose cache is gone is cache-unavailable, not a guess', () => {
    const current = BASE.map((s) => (s.line === 2 ? { ...s, cached: false } : s.line > 2 ? { ...s, cached: false } : s));
    const misses = diagnoseCacheMisses({ current: report(current), previous: report(BASE) });
    expect(misses[0]).toMatchObject({ line: 2, cause: 'cache-unavailable', root: true });
  });
});

describe('cache chains across stages', () => {
  // The react-nginx shape: development copies the sources, build is FROM development, the final stage copies from build.
  const STAGES = [
    step(1, 'FROM node:lts', { stage: 'development', baseImage: 'sha256:node' }),
    step(3, 'COPY package.json ./', { stage: 'development' }),
    step(4, 'RUN npm ci', { stage: 'development' }),
    step(5, 'COPY . /app', { stage: 'development' }),
    step(8, 'RUN npm run build', { stage: 'build' }),
    step(10, 'FROM nginx:alpine', { stage: 'stage-2', baseImage: 'sha256:nginx' }),
    step(11, 'COPY --from=build /app/build .', { stage: 'stage-2' }),
  ];
  const edited = STAGES.map((s) => (s.line === 5 || s.line === 8 || s.line === 11 ? { ...s, cached: false, durationMs: 1000, vertex: s.line === 5 ? s.vertex : `${s.vertex}x` } : s));
  const changes = (sources: string[]): ContextChanges | undefined => (sources.includes('.') ? { added: [], removed: [], modified: ['src/App.jsx'] } : undefined);

  test('the first step of a stage FROM another stage re-ran because that stage missed', () => {
    const misses = diagnoseCacheMisses({ current: report(edited), previous: report(STAGES), contextChanges: changes, stageParents: { build: 'development' } });
    expect(misses.map((m) => [m.line, m.cause, m.root])).toEqual([
      [5, 'context-files-changed', true],
      [8, 'parent-missed', false],
      [11, 'parent-missed', false],
    ]);
    expect(misses[1]?.details).toMatchObject({ parentLine: 5 });
    expect(misses[2]?.details).toMatchObject({ parentLine: 8 });
  });

  test('the check can fail: without the stage parents the child stage looks like its own root', () => {
    const misses = diagnoseCacheMisses({ current: report(edited), previous: report(STAGES), contextChanges: changes });
    expect(misses.find((m) => m.line === 8)?.root).toBe(true);
  });
});
