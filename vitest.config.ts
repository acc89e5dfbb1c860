import { defineConfig } from 'vitest/config';

// Unit tests on captured fixtures, split into the fast ones (the edit loop)
// and the slow ones (scale, real signals and child processes); and the e2e
// suite that drives the built CLI against a real engine (serial: one engine,
// 2 cores).
const SLOW_UNIT = [
  'test/layers/analyze-scale.test.ts',
  'test/layers/file-trees-scale.test.ts',
  'test/buildx/signals.test.ts',
  'test/build-records/store.test.ts',
  'test/core/atomic-write.test.ts',
  'test/core/exit.test.ts',
];

// Module tests that need the real engine (they make their fixture images from it).
const ENGINE = [
  'test/image/bad-input.test.ts',
  'test/image/classic-engine.test.ts',
  'test/image/efficiency.test.ts',
  'test/image/transports.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...SLOW_UNIT, ...ENGINE],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'slow',
          include: SLOW_UNIT,
          environment: 'node',
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'engine',
          include: ENGINE,
          environment: 'node',
          globalSetup: ['e2e/global-setup.ts'],
          setupFiles: ['e2e/support/image-cleanup.ts'],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          // The image reader's engine tests need what e2e needs (the engine, fixture images): they run with it.
          include: ['e2e/**/*.test.ts', ...ENGINE],
          environment: 'node',
          globalSetup: ['e2e/global-setup.ts'],
          setupFiles: ['e2e/support/image-cleanup.ts'],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          fileParallelism: false,
          pool: 'forks',
        },
      },
    ],
  },
});
