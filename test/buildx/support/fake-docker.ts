import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

// A tiny fake `docker` for the runner's process plumbing (argv, temp files,
// exit codes, signals) — not a stand-in for buildx behaviour. It records its
// argv NUL-separated, its pid, the signals it got and the directory of the
// metadata file it was given; FAKE_* variables steer it.
const SCRIPT = `#!/bin/sh
log="$FAKE_LOG_DIR"
if [ -n "$FAKE_NO_BUILDX" ]; then echo "docker: unknown command: docker $1" >&2; exit 1; fi
if [ "$1 $2" = "buildx version" ]; then echo "github.com/docker/buildx v0.0.0-fake"; exit 0; fi
printf '%s\\0' "$@" > "$log/argv"
meta=""; prev=""
for a in "$@"; do
  if [ -z "$meta" ] && [ "$prev" = "--metadata-file" ]; then meta="$a"; fi
  prev="$a"
done
if [ -n "$meta" ]; then dirname "$meta" > "$log/metadir"; fi
trap 'echo INT >> "$log/signals"; [ -n "$FAKE_IGNORE_INT" ] || exit 130' INT
trap 'echo TERM >> "$log/signals"; exit 143' TERM
if [ -n "$FAKE_STDOUT" ]; then printf '%s\\n' "$FAKE_STDOUT"; fi
if [ -n "$FAKE_STDERR" ]; then printf '%s\\n' "$FAKE_STDERR" >&2; fi
if [ -n "$FAKE_STDIN" ]; then cat > "$log/stdin"; fi
echo $$ > "$log/pid"
n=0
while [ "$n" -lt "\${FAKE_SLEEP_TENTHS:-0}" ]; do sleep 0.1; n=$((n + 1)); done
if [ -n "$FAKE_METADATA" ] && [ -n "$meta" ]; then printf '%s' "$FAKE_METADATA" > "$meta"; fi
exit "\${FAKE_EXIT:-0}"
`;

/** A temp world with the fake docker first on PATH, its own TMPDIR and a log dir. */
export interface FakeDocker {
  root: string;
  binDir: string;
  logDir: string;
  /** TMPDIR for the code under test: must be empty again afterwards. */
  tmpDir: string;
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  argv(): Promise<string[]>;
  read(name: string): Promise<string | undefined>;
  tmpEntries(): Promise<string[]>;
  dispose(): Promise<void>;
}

/** Creates the fake docker in a fresh temp dir. */
export async function createFakeDocker(): Promise<FakeDocker> {
  const root = await mkdtemp(join(tmpdir(), 'buildlens-fake-docker-'));
  const binDir = join(root, 'bin');
  const logDir = join(root, 'log');
  const tmpDir = join(root, 'tmp');
  await Promise.all([mkdir(binDir), mkdir(logDir), mkdir(tmpDir)]);
  await writeFile(join(binDir, 'docker'), SCRIPT);
  await chmod(join(binDir, 'docker'), 0o755);
  const read = (name: string) => readFile(join(logDir, name), 'utf8').catch(() => undefined);
  return {
    root, binDir, logDir, tmpDir,
    env: (extra = {}) => ({ ...process.env, PATH: `${binDir}:${process.env.PATH ?? ''}`, TMPDIR: tmpDir, FAKE_LOG_DIR: logDir, ...extra }),
    argv: async () => ((await read('argv')) ?? '').split('\0').slice(0, -1),
    read,
    tmpEntries: async () => (await readdir(tmpDir)).filter((name) => !name.startsWith('tsx-')), // tsx caches there
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}

/** Pids of live (non-zombie) processes whose command line mentions `marker`. */
export async function processesMentioning(marker: string): Promise<string[]> {
  const ps = await execa('ps', ['-eo', 'pid=,stat=,args='], { reject: false });
  return String(ps.stdout)
    .split('\n')
    .filter((line) => line.includes(marker) && !/^\s*\d+\s+Z/.test(line))
    .map((line) => line.trim().split(/\s+/)[0] ?? '');
}

/** Waits until `check` holds, polling; fails after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
