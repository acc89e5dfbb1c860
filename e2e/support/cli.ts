import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';

// Helpers for e2e tests: run the built CLI, make build contexts, inspect what
// a run left behind.

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** What a CLI run produced. */
export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Options of a CLI run. */
export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
}

/** Runs `node dist/cli.js ...args` to completion (never rejects). */
export async function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const result = await execa('node', [CLI, ...args], {
    reject: false,
    cwd: opts.cwd ?? process.cwd(),
    env: { ...opts.env },
    ...(opts.input !== undefined ? { input: opts.input } : { stdin: 'ignore' as const }),
  });
  return { exitCode: result.exitCode ?? 1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Starts the CLI without waiting (for signal tests). */
export function spawnCli(args: string[], opts: CliOptions = {}): ResultPromise<{ reject: false; cwd: string; stdin: 'ignore' }> {
  return execa('node', [CLI, ...args], { reject: false, cwd: opts.cwd ?? process.cwd(), stdin: 'ignore', env: { ...opts.env } });
}

const made: string[] = [];

/** Writes a build context from a map of relative path to content; removed by cleanupContexts(). */
export function makeContext(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'buildlens-e2e-'));
  made.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** Removes every context made by this test file. */
export function cleanupContexts(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A tag no other test uses. */
export function uniqueTag(name = 'e2e'): string {
  return `buildlens-test/${name}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Whether the engine has an image by that name. */
export async function imageExists(tag: string): Promise<boolean> {
  return (await execa('docker', ['image', 'inspect', tag], { reject: false })).exitCode === 0;
}

/** Processes whose command line matches the pattern (pid and args). */
export async function processesMatching(pattern: RegExp): Promise<Array<{ pid: number; args: string }>> {
  const { stdout } = await execa('ps', ['-eo', 'pid=,args=']);
  return stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), args: m[2] ?? '' }))
    .filter((p) => pattern.test(p.args));
}
