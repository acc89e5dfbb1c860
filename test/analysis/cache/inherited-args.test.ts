import { describe, expect, test } from 'vitest';
import { diagnoseCacheMisses } from '../../../src/analysis/cache/diagnose.js';
import type { Report, Step } from '../../../src/model/report.js';

// A build arg that changed although the step does not name it: only a RUN
// inherits ARG values (as its environment), so only a RUN is blamed on them.
// The recorded builds show why a COPY is not: its op digest changes on every
// build (test/commands/why.test.ts).

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

const PREVIOUS = [step(1, 'FROM base:1'), step(2, 'ARG VERSION'), step(3, 'COPY package.json ./'), step(4, 'RUN npm ci')];

// The current build: `line` missed with another op digest than before.
function missedAt(line: number): Step[] {
  return PREVIOUS.map((s) => (s.line === line ? { ...s, cached: false, vertex: 'sha256:other' } : s));
}

describe('inherited build args', () => {
  test('a RUN whose op changed while a build arg changed inherited it', () => {
    const misses = diagnoseCacheMisses({ current: report(missedAt(4)), previous: report(PREVIOUS), changedArgs: ['VERSION'] });
    expect(misses).toEqual([expect.objectContaining({ line: 4, cause: 'build-arg-changed', details: { args: ['VERSION'], note: 'the step does not name them; it inherits them' } })]);
  });

  test('a COPY whose op changed is not blamed on a build arg it does not name', () => {
    const misses = diagnoseCacheMisses({ current: report(missedAt(3)), previous: report(PREVIOUS), changedArgs: ['VERSION'] });
    expect(misses.map((m) => [m.line, m.cause])).toEqual([[3, 'unknown']]);
  });
});
