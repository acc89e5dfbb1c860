import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll } from 'vitest';

// Exported build records for e2e tests: the engine's buildx (0.13) has no
// `history export`, so a buildx that has (Debian sid's, from
// scripts/export-buildx.sh) runs as the only CLI plugin of a private
// DOCKER_CONFIG, for the history commands only; builds stay the engine's.

const root = fileURLToPath(new URL('../..', import.meta.url));
let config: Promise<string> | undefined;
afterAll(async () => {
  if (config) rmSync(await config, { recursive: true, force: true });
});

// The private DOCKER_CONFIG, made once per test file.
function exportingConfig(): Promise<string> {
  config ??= execa('bash', ['scripts/export-buildx.sh'], { cwd: root }).then(({ stdout }) => {
    const dir = mkdtempSync(join(tmpdir(), 'e2e-docker-config-'));
    mkdirSync(join(dir, 'cli-plugins'));
    symlinkSync(stdout.trim(), join(dir, 'cli-plugins', 'docker-buildx'));
    return dir;
  });
  return config;
}

// Writes the default builder's record of `ref` to `file` (`docker buildx history export --finalize`).
export async function exportRecord(ref: string, file: string): Promise<void> {
  await execa('docker', ['buildx', 'history', 'export', '--finalize', ref, '-o', file], {
    env: { DOCKER_CONFIG: await exportingConfig() },
  });
}

// Removes `ref` from the default builder's history, as a fresh CI runner never had it.
export async function forgetRecord(ref: string): Promise<void> {
  await execa('docker', ['buildx', 'history', 'rm', ref], { env: { DOCKER_CONFIG: await exportingConfig() } });
}
