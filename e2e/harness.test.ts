import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import {
  buildxBuild,
  cleanupContexts,
  descendantsOf,
  dockerImageExists,
  eventually,
  listProcesses,
  makeContext,
  removeTaggedImages,
  tmpEntriesMatching,
  uniqueTag,
} from './support/index.js';

// The harness checks itself against the real engine, without the CLI, so a
// failing scenario elsewhere is never the harness's fault.

describe('the e2e harness', () => {
  test('a plain buildx build of a busybox fixture Dockerfile loads an image that runs', async () => {
    const marker = `hello-${Date.now()}`;
    const context = makeContext({
      Dockerfile: `FROM buildlens-fixture/busybox:1\nCOPY greeting.txt /greeting.txt\nRUN cat /greeting.txt > /copy.txt\n`,
      'greeting.txt': marker,
    });
    const tag = uniqueTag('harness');
    const build = await buildxBuild(['--load', '-t', tag, context]);
    expect(build.exitCode, build.stderr).toBe(0);
    expect(build.ref).toMatch(/^[a-z0-9]{20,}$/);
    expect(readdirSync(context).sort()).toEqual(['Dockerfile', 'greeting.txt']);
    // Its own metadata dir only: other files build at the same time and have theirs.
    expect(existsSync(build.metadataDir)).toBe(false);
    expect(await dockerImageExists(tag)).toBe(true);
    const run = await execa('docker', ['run', '--rm', tag, 'cat', '/copy.txt']);
    expect(run.stdout).toBe(marker);
  });

  test('a failing plain build reports a non-zero exit and no ref', async () => {
    const context = makeContext({ Dockerfile: 'FROM buildlens-fixture/busybox:1\nRUN exit 7\n' });
    const build = await buildxBuild([context]);
    expect(build.exitCode).not.toBe(0);
    expect(build.ref).toBeUndefined();
    expect(build.stderr).toContain('exit code: 7');
  });

  test('the debian fixture image exists and has apt-get with plain-http sources', async () => {
    expect(await dockerImageExists('buildlens-fixture/debian:bookworm')).toBe(true);
    const run = await execa('docker', ['run', '--rm', 'buildlens-fixture/debian:bookworm', 'sh', '-c', 'apt-get --version && cat /etc/apt/sources.list']);
    expect(run.stdout).toMatch(/^apt 2\.\d+/);
    expect(run.stdout).toContain('deb http://deb.debian.org/debian bookworm main');
  });

  test('an unknown image is reported missing', async () => {
    expect(await dockerImageExists(`buildlens-test/never-built:${Date.now()}`)).toBe(false);
  });

  test('uniqueTag gives distinct valid references and removeTaggedImages deletes them', async () => {
    const tags = [uniqueTag('Some Name'), uniqueTag('Some Name')];
    expect(new Set(tags).size).toBe(2);
    for (const tag of tags) expect(tag).toMatch(/^buildlens-test\/some-name:[a-z0-9]+$/);
    await execa('docker', ['tag', 'buildlens-fixture/busybox:1', tags[0] ?? '']);
    expect(await dockerImageExists(tags[0] ?? '')).toBe(true);
    await removeTaggedImages();
    expect(await dockerImageExists(tags[0] ?? '')).toBe(false);
  });

  test('makeContext writes nested, binary and generated files and cleanupContexts removes them', () => {
    const dir = makeContext({ 'src/app.js': 'console.log(1)', 'bin.dat': new Uint8Array([0, 1, 2]), 'big.bin': { size: 4096 } });
    expect(readFileSync(join(dir, 'src/app.js'), 'utf8')).toBe('console.log(1)');
    expect([...readFileSync(join(dir, 'bin.dat'))]).toEqual([0, 1, 2]);
    expect(readFileSync(join(dir, 'big.bin')).length).toBe(4096);
    expect(() => makeContext({ '../escape.txt': 'x' })).toThrow(/inside the context/);
    cleanupContexts();
    expect(existsSync(dir)).toBe(false);
  });

  test('listProcesses and descendantsOf find a child by its arguments, and it is gone once killed', async () => {
    const seconds = `${30 + Math.floor(Math.random() * 1000)}.5`;
    const child = execa('bash', ['-c', `sleep ${seconds}; true`], { reject: false });
    const sleepOnly = new RegExp(`^sleep ${seconds.replace('.', '\\.')}$`);
    expect(await eventually(async () => (await listProcesses(sleepOnly)).length === 1)).toBe(true);
    // A substring pattern also matches the bash that started it.
    expect((await listProcesses(`sleep ${seconds}`)).length).toBe(2);
    const [sleeper] = await listProcesses(sleepOnly);
    expect(sleeper?.ppid).toBe(child.pid);
    const below = await descendantsOf(process.pid);
    expect(below.map((row) => row.pid)).toEqual(expect.arrayContaining([child.pid, sleeper?.pid]));
    child.kill('SIGKILL');
    if (sleeper) process.kill(sleeper.pid, 'SIGKILL');
    await child;
    expect(await eventually(async () => (await listProcesses(`sleep ${seconds}`)).length === 0)).toBe(true);
  });

  test('tmpEntriesMatching sees a new temp entry and stops seeing it once removed', () => {
    const prefix = `e2e-harness-leak-${process.pid}-`;
    expect(tmpEntriesMatching(prefix)).toEqual([]);
    const path = join(tmpdir(), `${prefix}probe`);
    writeFileSync(path, 'x');
    expect(tmpEntriesMatching(prefix)).toEqual([`${prefix}probe`]);
    rmSync(path);
    expect(tmpEntriesMatching(prefix)).toEqual([]);
  });
});
