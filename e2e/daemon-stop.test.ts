import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { afterAll, describe, expect, test } from 'vitest';
import { cleanupContexts, makeContext, processesMatching, spawnCli } from './support/cli.js';

afterAll(cleanupContexts);

// The default engine's dockerd, by its pidfile: other dockerds on the machine
// (the engines of scripts/engines/, another user's) are not this test's to stop.
function defaultDaemonPid(): number {
  const pid = Number(readFileSync('/var/run/docker.pid', 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 1) throw new Error('/var/run/docker.pid names no dockerd');
  return pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Stops the real daemon mid-build, then brings it back for the tests after.
describe('the daemon stops in the middle of a build', () => {
  test('buildlens exits as buildx does, says what happened in one line, and leaves nothing running', async () => {
    const context = makeContext({ Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN echo ${Date.now()} && sleep 30\n` });
    const daemon = defaultDaemonPid();
    const child = spawnCli(['build', context]);
    try {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && (await processesMatching(new RegExp(`buildx build .*${context}`))).length === 0) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 2000));
      process.kill(daemon, 'SIGTERM');
      const result = await child;
      expect(result.exitCode).not.toBe(0);
      expect([1, 4]).toContain(result.exitCode);
      const ours = String(result.stderr).split('\n').filter((l) => l.startsWith('buildlens:'));
      expect(ours.length).toBeGreaterThanOrEqual(1);
      expect(String(result.stderr)).not.toMatch(/\n\s+at \S+ \(/);
      expect(await processesMatching(new RegExp(`buildx build .*${context}`))).toEqual([]);
    } finally {
      child.kill('SIGKILL');
      for (let i = 0; i < 60 && alive(daemon); i++) await new Promise((r) => setTimeout(r, 500));
      const engine = await execa('bash', ['scripts/engine.sh'], { reject: false });
      expect(engine.exitCode, engine.stderr).toBe(0);
    }
  }, 180_000);
});
