import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  buildxBuild,
  corruptBlob,
  imageLayers,
  makeContext,
  removeTaggedImages,
  restoreCorruptedBlobs,
  runCli,
  runCliWithoutBuildx,
  sha256Hex,
  startOldEngine,
  stopOldEngine,
  uniqueTag,
} from './support/index.js';

// Faults of the real software around buildlens, each made real:
// - buildx missing: the real docker CLI in a private mount namespace where
//   every plugin dir is an empty tmpfs (support/no-buildx.ts).
// - a corrupt layer blob: a layer of a freshly built image is overwritten in
//   the engine's containerd content store, then put back (support/content-store.ts).
//   A random token makes its layers unique to the run: no other test reads them.
// - a BuildKit without the build history API: a genuine old engine, Debian
//   bookworm's dockerd 20.10 (its BuildKit predates the API, added in v0.11),
//   run as a second daemon by scripts/old-engine.sh. Chosen over a proxy
//   answering UNIMPLEMENTED: buildx and buildlens talk to a real old BuildKit,
//   so every call that BuildKit lacks fails the way it fails for users.

const STACK_LINE = /^ {4}at /m;

function buildlensLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('buildlens:'));
}

const dirs: string[] = [];

function freshDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  // Blobs first: the image may go only once nothing of it is corrupt.
  restoreCorruptedBlobs();
  await removeTaggedImages();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('buildx is missing', () => {
  test('build exits 4 with one line naming what was tried, and leaves no temp dir', async () => {
    const context = makeContext({ Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN echo no-buildx-${Date.now()}\n` });
    const run = await runCliWithoutBuildx(['build', context], { timeoutMs: 60_000 });
    // The fault is real: docker answers, its buildx does not.
    expect(run.probe.exitCode, `buildx still answers with ${run.hidden.join(', ') || 'no plugin dir'} hidden: ${run.probe.output}`).not.toBe(0);
    expect(run.serverVersion).toMatch(/^\d+\.\d+/);

    expect(run.signal).toBeUndefined();
    expect(run.exitCode, run.stderr).toBe(4);
    const ours = buildlensLines(run.stderr);
    expect(ours, run.stderr).toHaveLength(1);
    expect(ours[0]).toMatch(/buildx is not installed/);
    expect(ours[0]).toContain('tried: docker buildx version');
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.tmpEntries.filter((name) => name.startsWith('buildlens-'))).toEqual([]);
    // The namespace was private: buildx still answers out here.
    expect((await execa('docker', ['buildx', 'version'], { reject: false, stdin: 'ignore' })).exitCode).toBe(0);
  }, 120_000);
});

describe('a corrupt layer blob in the content store', () => {
  test('report notes the unreadable layer, exits 0 and analyses the others in full', async () => {
    const token = randomBytes(8).toString('hex');
    const context = makeContext({
      Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN echo ${token} > /token && head -c 4194304 /dev/urandom > /random.bin\nRUN echo small-${token} > /small.txt\n`,
    });
    const tag = uniqueTag('corrupt-blob');
    const built = await buildxBuild(['--load', '-t', tag, context]);
    expect(built.exitCode, built.stderr).toBe(0);
    const ref = built.ref ?? '';
    expect(ref).not.toBe('');
    const imageId = (await execa('docker', ['image', 'inspect', '--format', '{{.Id}}', tag], { stdin: 'ignore' })).stdout.trim();
    const layers = imageLayers(imageId);
    const victim = layers.reduce((a, b) => (b.size > a.size ? b : a));
    expect(victim.size).toBeGreaterThan(4_000_000);

    // Intact, every layer reads cleanly: the note below comes from the corruption.
    const before = await runCli(['report', ref, '--json'], { env: { BUILDLENS_CACHE_DIR: freshDir('e2e-layer-cache-') }, timeoutMs: 120_000 });
    expect(before.exitCode, before.stderr).toBe(0);
    const clean = JSON.parse(before.stdout);
    expect(clean.notes.filter((n: any) => n.topic === 'layers')).toEqual([]);
    expect(clean.image.layers.map((l: any) => l.digest)).toEqual(layers.map((l) => l.digest));

    const blob = corruptBlob(victim.digest);
    let after;
    let overGrpc;
    try {
      // Read from the content store's files (the default here), then over BuildKit's content API.
      after = await runCli(['report', ref, '--json'], { env: { BUILDLENS_CACHE_DIR: freshDir('e2e-layer-cache-') }, timeoutMs: 120_000 });
      overGrpc = await runCli(['report', ref, '--json'], { env: { BUILDLENS_CACHE_DIR: freshDir('e2e-layer-cache-'), BUILDLENS_CONTENT_DIR: '' }, timeoutMs: 120_000 });
    } finally {
      blob.restore();
    }
    expect(`sha256:${sha256Hex(readFileSync(blob.path))}`).toBe(victim.digest);

    expect(overGrpc.signal).toBeUndefined();
    expect(overGrpc.exitCode, overGrpc.stderr).toBe(0);
    expect(JSON.parse(overGrpc.stdout).notes.filter((n: any) => n.topic === 'layers').map((n: any) => n.message).join('\n')).toContain(victim.digest.slice(0, 19));
    expect(after.signal).toBeUndefined();
    expect(after.exitCode, after.stderr).toBe(0);
    expect(after.stderr).not.toMatch(STACK_LINE);
    const report = JSON.parse(after.stdout);
    const layerNotes = report.notes.filter((n: any) => n.topic === 'layers');
    expect(layerNotes, JSON.stringify(report.notes)).toHaveLength(1);
    expect(layerNotes[0].message).toContain(victim.digest.slice(0, 19));
    expect(layerNotes[0].message).toMatch(/could not be (read|opened)|corrupt|digest mismatch|invalid/);
    // The other layers: analysed exactly as when intact.
    const others = (r: any) => r.image.layers.filter((l: any) => l.digest !== victim.digest);
    expect(others(report)).toEqual(others(clean));
    expect(others(report)).toHaveLength(layers.length - 1);
    const small = report.steps.find((s: any) => s.line === 3);
    expect(small.layer).toMatchObject({ files: 1, addedBytes: `small-${token}\n`.length });
    expect(report.steps.find((s: any) => s.line === 2).layer.digest).toBe(victim.digest);
  }, 300_000);
});

describe('a BuildKit without the build history API (dockerd 20.10)', () => {
  let env: Record<string, string> = {};
  const oldTags: string[] = [];

  beforeAll(async () => {
    const host = await startOldEngine();
    // A private buildx config: the default builder is the daemon at DOCKER_HOST.
    env = { DOCKER_HOST: host, BUILDX_CONFIG: freshDir('e2e-buildx-config-') };
    const version = await execa('docker', ['version', '--format', '{{.Server.Version}}'], { env, stdin: 'ignore' });
    expect(version.stdout).toMatch(/^20\.10\./);
  });

  afterAll(async () => {
    if (oldTags.length > 0) await execa('docker', ['image', 'rm', '--force', ...oldTags], { env, reject: false, stdin: 'ignore' });
    await stopOldEngine();
  });

  test('a good build exits 0 and says in one line that no report is possible', async () => {
    const token = randomBytes(6).toString('hex');
    const context = makeContext({ Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN echo ${token} > /token\n` });
    const tag = `buildlens-test/old-engine:${token}`;
    oldTags.push(tag);
    const tmp = freshDir('e2e-tmpdir-');
    const result = await runCli(['build', '-t', tag, context], { env: { ...env, TMPDIR: tmp }, timeoutMs: 120_000 });
    expect(result.signal).toBeUndefined();
    expect(result.exitCode, result.stderr).toBe(0);
    const ours = buildlensLines(result.stderr);
    expect(ours, result.stderr).toHaveLength(1);
    expect(ours[0]).toMatch(/needs BuildKit with the build history API/);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(readdirSync(tmp)).toEqual([]);
    // The build really ran on the old daemon.
    expect((await execa('docker', ['image', 'inspect', tag], { env, reject: false, stdin: 'ignore' })).exitCode).toBe(0);
  });

  test('a failing RUN exits with buildx\'s code and says in one line what it could not collect', async () => {
    const context = makeContext({ Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN echo ${randomBytes(6).toString('hex')} && exit 7\n` });
    const plain = await execa('docker', ['buildx', 'build', context], { env, reject: false, stdin: 'ignore' });
    expect(plain.exitCode).not.toBe(0);
    expect(plain.stderr).toMatch(/exit code: 7/);
    const tmp = freshDir('e2e-tmpdir-');
    const result = await runCli(['build', context], { env: { ...env, TMPDIR: tmp }, timeoutMs: 120_000 });
    expect(result.signal).toBeUndefined();
    expect(result.stderr).toMatch(/exit code: 7/);
    expect(result.exitCode, result.stderr).toBe(plain.exitCode);
    const ours = buildlensLines(result.stderr);
    expect(ours, result.stderr).toHaveLength(1);
    expect(ours[0]).toMatch(/needs BuildKit with the build history API/);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
