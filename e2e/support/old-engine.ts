import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

// The second, old daemon of scripts/old-engine.sh (dockerd 20.10, whose
// BuildKit has no build history API), started and stopped by the tests that
// need it.

const SCRIPT = fileURLToPath(new URL('../../scripts/old-engine.sh', import.meta.url));

async function run(command: 'start' | 'stop'): Promise<string> {
  const result = await execa('bash', [SCRIPT, command], { reject: false, stdin: 'ignore', timeout: 300_000 });
  if (result.exitCode !== 0) {
    throw new Error(`scripts/old-engine.sh ${command} exited ${String(result.exitCode ?? result.signal)}:\n${result.stderr}`);
  }
  return result.stdout;
}

// Starts the old daemon (idempotent) and returns its DOCKER_HOST.
export async function startOldEngine(): Promise<string> {
  const stdout = await run('start');
  const host = /^DOCKER_HOST=(\S+)$/m.exec(stdout)?.[1];
  if (!host) throw new Error(`scripts/old-engine.sh start printed no DOCKER_HOST: ${stdout}`);
  return host;
}

// Stops the old daemon; its data root stays for the next start.
export async function stopOldEngine(): Promise<void> {
  await run('stop');
}
