import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, test } from 'vitest';
import { buildxBuild, CLI_PATH, descendantsOf, eventually, makeContext, runCli, spawnCli } from './support/index.js';

// SIGTERM once buildx is done, while the report is made: buildlens exits 143
// and leaves none of its temp dirs (the gRPC bridge's socket dir above all).
// Each run gets a private TMPDIR, so what is checked is exactly what that
// process created, whatever other processes on the machine leave in /tmp.

const privateTmps: string[] = [];
afterAll(() => {
  for (const dir of privateTmps) rmSync(dir, { recursive: true, force: true });
});

// A short private TMPDIR (the bridge's socket path must fit in 108 bytes).
function privateTmp(): string {
  const dir = mkdtempSync('/tmp/e2e-tmp-');
  privateTmps.push(dir);
  return dir;
}

function buildlensEntries(tmp: string): string[] {
  return readdirSync(tmp).filter((name) => name.startsWith('buildlens-'));
}

// 60 MB of random bytes: reading the layer back keeps the report busy for a moment after buildx exits.
const BIG_LAYER = (nonce: string) => `FROM buildlens-fixture/busybox:1\nRUN head -c 60000000 /dev/urandom > /big && echo ${nonce}\n`;

describe('a signal while the report is made', () => {
  test('SIGTERM to `buildlens build` after buildx exited: exit 143, no /tmp/buildlens-bridge-* of its own left', async () => {
    const tmp = privateTmp();
    const context = makeContext({ Dockerfile: BIG_LAYER(`${Date.now()}-build`) });
    // Its debug lines say when buildx has exited and the layers are being read: the signal lands then,
    // not at a moment polling guessed (a quick report could be done by then).
    const child = spawnCli(['build', '--progress', 'plain', context], {
      env: { TMPDIR: tmp, BUILDLENS_CACHE_DIR: join(tmp, 'cache'), BUILDLENS_DEBUG: '1' },
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Connected to the builder while buildx runs (its socket dir is there).
    expect(await eventually(() => buildlensEntries(tmp).some((e) => e.startsWith('buildlens-bridge-')), 60_000, 20)).toBe(true);
    expect(await eventually(() => stderr.includes('report: analysing layers'), 120_000, 5)).toBe(true);
    expect(stderr).toMatch(/buildx exited 0/);
    child.kill('SIGTERM');
    const result = await child;
    expect(result.exitCode, result.stderr.slice(-2000)).toBe(143);
    expect(buildlensEntries(tmp)).toEqual([]);
  });

  test('SIGTERM to `buildlens build` on a terminal, while the live view stops after buildx exited: exit 143, nothing of its own left', async () => {
    const tmp = privateTmp();
    const context = makeContext({ Dockerfile: BIG_LAYER(`${Date.now()}-tty`) });
    // `script` gives the CLI a pseudo-terminal, so buildlens draws its live view; its debug
    // lines, in the transcript, say when buildx has exited. `exec`: node takes the shell's
    // place. Without it a shell that does not exec its last command itself (dash, /bin/sh
    // when SHELL is unset, as in CI) stays in between, its command line names the CLI too,
    // and the signal went to the shell: it died with 143 while buildlens ran on, orphaned.
    const transcript = join(tmp, 'transcript.txt');
    const inner = `stty cols 120 rows 40; exec env TMPDIR=${tmp} BUILDLENS_CACHE_DIR=${join(tmp, 'cache')} BUILDLENS_DEBUG=1 node ${CLI_PATH} build ${context}`;
    const terminal = execa('script', ['-qfec', inner, transcript], { reject: false, env: { ...process.env, CI: '' }, stdin: 'ignore' });
    const cli = async () => (await descendantsOf(terminal.pid ?? 0)).find((p) => p.args.startsWith(`node ${CLI_PATH} build`));
    expect(await eventually(async () => (await cli()) !== undefined, 30_000, 20)).toBe(true);
    const pid = (await cli())?.pid ?? 0;
    const said = () => (existsSync(transcript) ? readFileSync(transcript, 'utf8') : '');
    expect(await eventually(() => said().includes('buildx exited 0'), 120_000, 5)).toBe(true);
    process.kill(pid, 'SIGTERM');
    const result = await terminal;
    expect(result.exitCode).toBe(143);
    expect(buildlensEntries(tmp)).toEqual([]);
  });

  test('SIGTERM to `buildlens report` while it reads the build: exit 143, its bridge dir removed', async () => {
    const built = await buildxBuild([makeContext({ Dockerfile: BIG_LAYER(`${Date.now()}-report`) })]);
    expect(built.exitCode, built.stderr).toBe(0);
    const tmp = privateTmp();
    const child = spawnCli(['report', built.ref ?? ''], { env: { TMPDIR: tmp, BUILDLENS_CACHE_DIR: join(tmp, 'cache') } });
    // Connected to the builder (its socket dir exists): now.
    expect(await eventually(() => buildlensEntries(tmp).some((e) => e.startsWith('buildlens-bridge-')), 30_000, 10)).toBe(true);
    child.kill('SIGTERM');
    const result = await child;
    expect(result.exitCode, result.stderr.slice(-2000)).toBe(143);
    expect(buildlensEntries(tmp)).toEqual([]);
  });

  test('a report that ends normally leaves no bridge dir either', async () => {
    const tmp = privateTmp();
    const result = await runCli(['history', '--limit', '1'], { env: { TMPDIR: tmp } });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(buildlensEntries(tmp)).toEqual([]);
  });
});
