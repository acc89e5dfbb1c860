import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { CLI_PATH, type CliResult } from './cli.js';

// Runs the built CLI where the real docker CLI has no buildx plugin: inside a
// private mount namespace (needs root) an empty tmpfs covers every system
// plugin dir, and DOCKER_CONFIG is an empty dir (no ~/.docker/cli-plugins).
// Nothing outside the namespace changes.

// The docker CLI's system plugin dirs on Linux.
export const CLI_PLUGIN_DIRS = [
  '/usr/local/lib/docker/cli-plugins',
  '/usr/local/libexec/docker/cli-plugins',
  '/usr/lib/docker/cli-plugins',
  '/usr/libexec/docker/cli-plugins',
] as const;

// A CLI run without buildx, with what the namespace looked like.
export interface NoBuildxResult extends CliResult {
  // Plugin dirs covered by the empty tmpfs.
  hidden: string[];
  // `docker buildx version` in the same namespace.
  probe: { exitCode: number; output: string };
  // `docker version` server version there: docker itself still reaches the engine.
  serverVersion: string;
  // Names the run left in its private TMPDIR.
  tmpEntries: string[];
}

// $1: dir for the probe results; the rest is the command to exec.
const SCRIPT = `set -e
out="$1"; shift
for dir in ${CLI_PLUGIN_DIRS.join(' ')}; do
  if [ -d "$dir" ]; then
    mount -t tmpfs -o size=64k,mode=0755 buildlens-no-buildx "$dir"
    echo "$dir" >> "$out/hidden"
  fi
done
touch "$out/hidden"
set +e
docker buildx version > "$out/probe" 2>&1
echo $? > "$out/probe-rc"
docker version --format '{{.Server.Version}}' > "$out/server" 2>&1
exec "$@"
`;

function read(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

// Runs `node dist/cli.js ...args` with buildx absent; throws only when the
// namespace could not be set up.
export async function runCliWithoutBuildx(args: readonly string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<NoBuildxResult> {
  const root = mkdtempSync(join(tmpdir(), 'e2e-nobuildx-'));
  try {
    const [config, tmp, out] = ['config', 'tmp', 'out'].map((name) => join(root, name)) as [string, string, string];
    for (const dir of [config, tmp, out]) mkdirSync(dir);
    const started = Date.now();
    const result = await execa('unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-c', SCRIPT, 'sh', out, 'node', CLI_PATH, ...args], {
      reject: false,
      stdin: 'ignore',
      cwd: opts.cwd ?? process.cwd(),
      env: { DOCKER_CONFIG: config, TMPDIR: tmp, DOCKER_CLI_PLUGIN_EXTRA_DIRS: undefined },
      ...(opts.timeoutMs !== undefined ? { timeout: opts.timeoutMs } : {}),
    });
    const durationMs = Date.now() - started;
    const probeRc = read(join(out, 'probe-rc')).trim();
    if (probeRc === '') {
      throw new Error(`could not hide the buildx plugin (unshare + tmpfs needs root): exit ${String(result.exitCode)}: ${result.stderr}`);
    }
    return {
      exitCode: result.exitCode ?? -1,
      signal: result.signal,
      stdout: result.stdout,
      stderr: result.stderr,
      durationMs,
      hidden: read(join(out, 'hidden')).split('\n').filter(Boolean),
      probe: { exitCode: Number(probeRc), output: read(join(out, 'probe')) },
      serverVersion: read(join(out, 'server')).trim(),
      tmpEntries: readdirSync(tmp).sort(),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
