// The builders a bench run measures: the default docker driver always, and
// every builder scripts/engines/builders.sh lists when this checkout has it
// (its `list` prints NAME, DRIVER, ready|missing, then KEY=VALUE words or why).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// What a checkout with the engine scripts adds to the default driver.
const OTHER_KINDS = 'dockerd 28.5 (docker driver), docker-container, remote (unix socket), remote (TCP+TLS), remote (two platforms)';

/** The default builder: the engine at DOCKER_HOST (or the default socket), docker driver. */
export const DEFAULT_BUILDER = { name: 'default', driver: 'docker', env: {}, builderArgs: [], platforms: [] };

/**
 * Builders to measure and the ones skipped, each with why. `only` (names)
 * narrows the ready ones; the default is measured whatever the list says of it.
 */
export function discoverBuilders(root, only) {
  const script = join(root, 'scripts', 'engines', 'builders.sh');
  if (!existsSync(script)) return { ready: [DEFAULT_BUILDER], skipped: [`${OTHER_KINDS} — no engine scripts on this checkout`] };
  const listed = spawnSync('bash', [script, 'list'], { encoding: 'utf8', timeout: 180_000, stdio: ['ignore', 'pipe', 'pipe'] });
  if (listed.status !== 0) {
    return { ready: [DEFAULT_BUILDER], skipped: [`${OTHER_KINDS} — scripts/engines/builders.sh list failed: ${(listed.stderr ?? '').trim().split('\n').pop()}`] };
  }
  const ready = [DEFAULT_BUILDER];
  const skipped = [];
  for (const line of listed.stdout.split('\n').filter((l) => l.trim())) {
    const [name, driver, state, rest = ''] = line.split('\t');
    if (name === 'default') continue;
    if (state !== 'ready') skipped.push(`${name} (${driver}) — ${rest}`);
    else if (only && !only.includes(name)) skipped.push(`${name} (${driver}) — not in BENCH_BUILDERS`);
    else ready.push(builderOf(name, driver, rest));
  }
  return { ready, skipped };
}

// A ready line's KEY=VALUE words as what a command on that builder needs.
function builderOf(name, driver, rest) {
  const values = Object.fromEntries(
    rest
      .split(/\s+/)
      .filter(Boolean)
      .map((word) => [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]),
  );
  const env = {};
  if (values.DOCKER_HOST) env.DOCKER_HOST = values.DOCKER_HOST;
  if (values.DOCKER_CONFIG) env.DOCKER_CONFIG = values.DOCKER_CONFIG;
  return {
    name,
    driver,
    env,
    builderArgs: driver === 'docker' ? [] : ['--builder', values.BUILDER],
    platforms: values.PLATFORMS ? values.PLATFORMS.split(',') : [],
  };
}
