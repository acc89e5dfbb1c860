import type { Finding, Report, Step } from '../../../src/model/report.js';

// A small report built from our own model type: three stages, a multi-line
// RUN, a cached step, an untimed step, a FROM line with no step of its own,
// findings and a cache-miss chain. Times are relative to T0 for easy reading.

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

// ISO time `ms` milliseconds after the build started.
export function at(ms: number): string {
  return new Date(T0 + ms).toISOString();
}

// A step with defaults; timed from `from` to `to` ms unless both are undefined.
export function step(id: string, stage: string, line: number, instruction: string, from: number | undefined, to: number | undefined, extra: Partial<Step> = {}): Step {
  return {
    id,
    stage,
    instruction,
    line,
    endLine: line + instruction.split('\n').length - 1,
    cached: false,
    durationMs: from !== undefined && to !== undefined ? to - from : 0,
    ...(from !== undefined ? { startedAt: at(from) } : {}),
    ...(to !== undefined ? { completedAt: at(to) } : {}),
    ...extra,
  };
}

// A finding with defaults.
// Renderers show evidence as given; these fixtures leave it empty (hence the cast).
export function finding(rule: string, line: number, message: string, extra: Partial<Finding> = {}): Finding {
  return { rule, severity: 'warning', line, endLine: line, message, evidence: {}, ...extra } as Finding;
}

// A fresh copy of the sample report (tests may mutate it).
export function sampleReport(): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'buildlens', version: '0.0.0-test' },
    build: {
      ref: 'ref123',
      builder: 'default',
      driver: 'docker',
      dockerfile: 'Dockerfile',
      platforms: ['linux/amd64'],
      status: 'success',
      exitCode: 0,
      startedAt: at(0),
      completedAt: at(10_000),
      durationMs: 10_000,
    },
    cache: { steps: 6, cached: 1, ratio: 1 / 6 },
    stages: [
      { name: 'deps', index: 0, durationMs: 2000, cachedSteps: 1, steps: 2 },
      { name: 'build', index: 1, durationMs: 6000, cachedSteps: 0, steps: 2 },
      { name: 'stage-2', index: 2, durationMs: 1000, cachedSteps: 0, steps: 2 },
    ],
    steps: [
      step('s0', 'deps', 1, 'FROM buildlens-fixture/busybox:1 AS deps', 0, 1000, { criticalPath: true }),
      step('s1', 'deps', 2, 'WORKDIR /app', 1000, 1000, { cached: true, criticalPath: true }),
      step('s2', 'build', 5, 'RUN make && \\\n    make install', 5000, 9000, { criticalPath: true, layer: { digest: 'sha256:l2', size: 3_000_000, uncompressedSize: 6_000_000, files: 10, addedBytes: 6_000_000, wastedBytes: 0 } }),
      step('s3', 'build', 8, 'COPY src ./src', 2000, 3000),
      step('s4', 'stage-2', 12, 'COPY --from=build /out /out', 9000, 9500, { criticalPath: true }),
      step('s5', 'stage-2', 13, 'RUN echo untimed', undefined, undefined),
    ],
    criticalPath: ['s0', 's1', 's2', 's4'],
    image: {
      size: 5_000_000,
      uncompressedSize: 9_000_000,
      wastedBytes: 100_000,
      efficiency: 0.98,
      layers: [
        { digest: 'sha256:b1', size: 4_000_000, uncompressedSize: 8_000_000, line: 11, base: true },
        { digest: 'sha256:o1', size: 1_000_000, uncompressedSize: 1_000_000, line: 12, base: false, step: 's4', wastedBytes: 100_000 },
      ],
    },
    findings: [finding('BL001', 5, 'bytes added here are removed later', { savingsBytes: 100_000, relatedLines: [13] }), finding('BL010', 11, 'the final stage has no USER', { severity: 'info' })],
    cacheMisses: [
      { line: 8, step: 's3', instruction: 'COPY src ./src', cause: 'context-files-changed', details: { sources: ['src'], modified: ['src/a.js'] }, root: true, costMs: 1000 },
      { line: 5, endLine: 6, step: 's2', instruction: 'RUN make && \\\n    make install', cause: 'parent-missed', details: { parentLine: 8 }, costMs: 4000 },
    ],
    compareRef: 'ref122',
    notes: [{ topic: 'layers', message: 'measured for linux/amd64 only' }],
  };
}
