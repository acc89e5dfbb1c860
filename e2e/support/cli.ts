import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

// Runs the built CLI the way users do (`node <bin.buildlens>`), never through
// tsx, so e2e tests see exactly what ships.

// Absolute path of the built CLI entry (package.json bin.buildlens).
export const CLI_PATH = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

// What a finished CLI run produced.
export interface CliResult {
  // -1 when the process ended by a signal: a missing exit code must never pass
  // as 130/143, which the CLI has to set itself.
  exitCode: number;
  // Set when the process was killed by a signal it did not handle.
  signal: string | undefined;
  stdout: string;
  stderr: string;
  durationMs: number;
}

// How to run the CLI: working dir, environment overrides (merged over this
// process's environment; undefined removes a variable), stdin text, time limit.
export interface CliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
  /** Run as this user and group instead of the test's own. */
  user?: { uid: number; gid: number };
}

function execaOptions(opts: CliOptions) {
  return {
    reject: false,
    cwd: opts.cwd ?? process.cwd(),
    env: opts.env ?? {},
    // CI runs with no stdin; tests must see the same unless they pass input.
    ...(opts.input !== undefined ? { input: opts.input } : { stdin: 'ignore' as const }),
    ...(opts.timeoutMs !== undefined ? { timeout: opts.timeoutMs } : {}),
    ...(opts.user ? { uid: opts.user.uid, gid: opts.user.gid } : {}),
  } as const;
}

// Runs `node dist/cli.js ...args` to completion; never rejects.
export async function runCli(args: readonly string[], opts: CliOptions = {}): Promise<CliResult> {
  const started = Date.now();
  const result = await execa('node', [CLI_PATH, ...args], execaOptions(opts));
  return {
    exitCode: result.exitCode ?? -1,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
    durationMs: Date.now() - started,
  };
}

// Starts the CLI and returns the running execa subprocess (for signal tests:
// `.pid`, `.kill('SIGINT')`, `await` it for the result); never rejects.
export function spawnCli(args: readonly string[], opts: CliOptions = {}) {
  return execa('node', [CLI_PATH, ...args], execaOptions(opts));
}

// Names the first e2e tests import from this module; new tests use ./index.js.
export { cleanupContexts, makeContext } from './context.js';
export { dockerImageExists as imageExists, uniqueTag } from './docker.js';
export { eventually, listProcesses as processesMatching } from './processes.js';
export { filesUnder, readReport } from './files.js';
