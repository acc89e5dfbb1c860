import { execa } from 'execa';
import { afterAll, describe, expect, test } from 'vitest';
import { cleanupContexts, makeContext, processesMatching, spawnCli } from './support/cli.js';

afterAll(cleanupContexts);

// Stops the real daemon mid-build, then brings it back for the tests after.
describe('the daemon stops in the middle of a build', () => {
  test('buildlens exits as buildx does, says what happened in one line, and leaves nothing running', async () => {
    const context = makeContext({ Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN echo ${Date.now()} && sleep 30\n` });
    const child = spawnCli(['build', context]);
    try {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && (await processesMatching(new RegExp(`buildx build .*${context}`))).length === 0) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 2000));
      await execa('pkill', ['-TERM', '-x', 'dockerd']);
      const result = await child;
      expect(result.exitCode).not.toBe(0);
      expect([1, 4]).toContain(result.exitCode);
      const ours = String(result.stderr).split('\n').filter((l) => l.startsWith('buildlens:'));
      expect(ours.length).toBeGreaterThanOrEqual(1);
      expect(String(result.stderr)).not.toMatch(/\n\s+at \S+ \(/);
      expect(await processesMatching(new RegExp(`buildx build .*${context}`))).toEqual([]);
    } finally {
      child.kill('SIGKILL');
      for (let i = 0; i < 60 && (await execa('pgrep', ['-x', 'dockerd'], { reject: false })).exitCode === 0; i++) await new Promise((r) => setTimeout(r, 500));
      const engine = await execa('bash', ['scripts/engine.sh'], { reject: false });
      expect(engine.exitCode, engine.stderr).toBe(0);
    }
  }, 180_000);
});
