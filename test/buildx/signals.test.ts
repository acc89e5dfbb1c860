import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeDocker, processesMentioning, waitFor, type FakeDocker } from './support/fake-docker.js';

// Real signals to a real process running runBuildx (the way the CLI does),
// with the fake docker as its child: forwarding, exit codes, and that no
// process and no temp dir survive.

const CHILD = fileURLToPath(new URL('./support/run-buildx-child.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

function startRunner(fake: FakeDocker, args: string[], env: Record<string, string>, extra: string[] = []) {
  return execa(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(args), ...extra], { cwd: REPO, env: fake.env(env), reject: false });
}

describe('signals while buildx runs', () => {
  let fake: FakeDocker;
  beforeEach(async () => {
    fake = await createFakeDocker();
  });
  afterEach(async () => {
    await fake.dispose();
  });

  async function fakePid(): Promise<number> {
    await waitFor(async () => (await fake.read('pid')) !== undefined, 'the fake docker to start');
    return Number((await fake.read('pid'))?.trim());
  }

  async function expectNothingLeft(): Promise<void> {
    // The fake's own `sleep 0.1` may outlive a SIGKILLed fake by a moment.
    await waitFor(async () => (await processesMentioning(fake.root)).length === 0, 'no process of the fake docker left', 3_000);
    expect(await fake.tmpEntries()).toEqual([]);
  }

  it('forwards SIGINT to buildx, waits for it, then exits 130 leaving no process and no temp dir', async () => {
    const runner = startRunner(fake, ['-t', 'app', '.'], { FAKE_SLEEP_TENTHS: '300' });
    const pid = await fakePid();
    runner.kill('SIGINT');
    const result = await runner;
    expect(result.exitCode).toBe(130);
    expect(JSON.parse(String(result.stdout))).toEqual({ exitCode: 130, signal: 'SIGINT' });
    expect(await fake.read('signals')).toBe('INT\n');
    expect(await processesMentioning(String(pid))).toEqual([]);
    await expectNothingLeft();
  });

  it('forwards SIGTERM and exits 143', async () => {
    const runner = startRunner(fake, ['.'], { FAKE_SLEEP_TENTHS: '300' });
    await fakePid();
    runner.kill('SIGTERM');
    const result = await runner;
    expect(result.exitCode).toBe(143);
    expect(await fake.read('signals')).toBe('TERM\n');
    await expectNothingLeft();
  });

  it('kills a buildx that ignores the first Ctrl-C when a second one comes', async () => {
    const runner = startRunner(fake, ['.'], { FAKE_SLEEP_TENTHS: '300', FAKE_IGNORE_INT: '1' });
    await fakePid();
    runner.kill('SIGINT');
    await waitFor(async () => (await fake.read('signals')) === 'INT\n', 'the first SIGINT to reach the fake docker');
    runner.kill('SIGINT');
    const result = await runner;
    expect(result.exitCode).toBe(130);
    // 137: the fake, which sleeps 30 s and ignores SIGINT, was killed (SIGKILL), not waited for.
    expect(JSON.parse(String(result.stdout))).toEqual({ exitCode: 137, signal: 'SIGINT' });
    await expectNothingLeft();
  });

  it('gives buildx our stdin when the Dockerfile comes from `-f -`', async () => {
    const runner = startRunner(fake, ['-f', '-', '.'], { FAKE_STDIN: '1' });
    runner.stdin?.end('FROM scratch\nCOPY . /\n');
    const result = await runner;
    expect(result.exitCode).toBe(0);
    expect(await fake.read('stdin')).toBe('FROM scratch\nCOPY . /\n');
  });

  it('exits with buildx\'s own code when no signal came', async () => {
    const result = await startRunner(fake, ['.'], { FAKE_EXIT: '23' }, ['ignore']);
    expect(result.exitCode).toBe(23);
    await expectNothingLeft();
  });
});

describe('signals after buildx exited, while the report is made', () => {
  // A child that installs exitOnSignal the way `build` does, then "reports" (waits) until signalled.
  const script = (marker: string) => `
    import { writeFileSync } from 'node:fs';
    import { exitOnSignal } from './src/buildx/signals.ts';
    exitOnSignal(async () => { writeFileSync(${JSON.stringify(marker)}, 'closed'); }, (code) => process.exit(code));
    process.stdout.write('reporting\\n');
    setInterval(() => undefined, 1000);
  `;

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s runs the cleanup (the builder connection) and exits %i', async (signal, code) => {
    const marker = `${REPO}/.signal-marker-${process.pid}-${signal}`;
    const child = execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(marker)], { cwd: REPO, reject: false });
    await new Promise<void>((resolve) => child.stdout?.on('data', () => resolve()));
    child.kill(signal);
    const result = await child;
    expect(result.exitCode).toBe(code);
    const { readFileSync, rmSync } = await import('node:fs');
    expect(readFileSync(marker, 'utf8')).toBe('closed');
    rmSync(marker, { force: true });
  });
});

describe('the bridge socket dir after a signal', () => {
  // A child with a real bridge open and exitOnSignal installed as `build`
  // installs it; its cleanup hangs (a report stuck on the builder), so only
  // the exit itself can remove the socket's dir. It prints the bridge address.
  const script = `
    import { exitOnSignal } from './src/buildx/signals.ts';
    import { startBridge } from './src/transport/bridge.ts';
    const bridge = await startBridge({ description: 'never dialed', dial: () => new Promise(() => undefined) });
    exitOnSignal(() => new Promise(() => undefined), (code) => process.exit(code));
    process.stdout.write(bridge.address + '\\n');
    setInterval(() => undefined, 1000);
  `;

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s removes the /tmp/buildlens-bridge-* dir this process made, even when the cleanup does not finish', async (signal, code) => {
    const child = execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, reject: false });
    const address = await new Promise<string>((resolve) => child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
    const socket = address.replace(/^unix:\/\//, '');
    const dir = socket.replace(/\/grpc\.sock$/, '');
    expect(dir).toMatch(/\/buildlens-bridge-[^/]+$/);
    expect(existsSync(socket)).toBe(true);
    child.kill(signal);
    const result = await child;
    expect(result.exitCode).toBe(code);
    expect(existsSync(dir)).toBe(false);
  });
});
