import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { imageFixtures } from '../test/image/support.js';
import { runCli } from './support/index.js';

// `buildlens image` on the images scripts/image-fixtures.sh makes from the
// default engine: dive's test image rebuilt from its recipe (as an archive
// and, loaded, by name), the same image in every transport and compression,
// dive's CI gates, and bad input.

let fixtures: string;
let scratch: string;
const DIVE = { efficiency: 0.9844212134184309, sizeBytes: 1_220_598, wastedBytes: 32_025 };

beforeAll(() => {
  fixtures = imageFixtures();
  scratch = mkdtempSync(join(tmpdir(), 'buildlens-e2e-image-'));
}, 600_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function imageJson(args: string[]): Promise<any> {
  const run = await runCli(['image', ...args, '--json']);
  expect(run.exitCode, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

describe("dive's test image", () => {
  test("gives dive's numbers from the archive, and names what dive misses", async () => {
    const report = await imageJson([`docker-archive:${fixtures}/dive-recipe.tar`]);
    expect(report.source).toEqual({ kind: 'image', name: `docker-archive:${fixtures}/dive-recipe.tar` });
    expect(report.image.efficiency).toBe(DIVE.efficiency);
    expect(report.image.dive).toMatchObject({ ...DIVE, wastedUserPercent: 0.4834911001404049, missedBytes: 6405 });
    expect(report.image.layers).toHaveLength(14);
    expect(report.image.baseWastedBytes).toBe(0);
    expect(report.image.userWastedBytes).toBe(report.image.wastedBytes);
    // Without a Dockerfile the history is one: the line of the chmod that re-wrote somefile1.txt removed the first copy.
    const copy = report.image.layers[3];
    expect(copy.createdBy).toBe('RUN /.busybox/bin/busybox cp /somefile.txt /root/example/somefile1.txt');
    expect(copy.wastedBy).toEqual([{ layer: 4, line: 7, bytes: 6405, paths: ['root/example/somefile1.txt'] }]);
  });

  test('gives the same numbers by name after docker load, and ties layers to the Dockerfile with -f', async () => {
    const report = await imageJson(['buildlens-fixture/dive-recipe:1', '-f', `${fixtures}/dive-recipe.Dockerfile`]);
    expect(report.image.efficiency).toBe(DIVE.efficiency);
    expect(report.image.dive).toMatchObject(DIVE);
    expect(report.build.dockerfile).toBe(`${fixtures}/dive-recipe.Dockerfile`);
    expect(report.image.layers.map((l: any) => l.line)).toEqual([1, ...Array.from({ length: 13 }, (_, i) => i + 2)]);
    expect(report.image.layers.map((l: any) => l.base)).toEqual([true, ...Array<boolean>(13).fill(false)]);
    const rm = report.steps.find((s: any) => s.line === 10);
    expect(rm.instruction).toContain('"rm", "-rf", "/root/example/"');
  });

  test('through docker save (the engine store not read in place), read once front to back: the same numbers', async () => {
    const run = await runCli(['image', 'buildlens-fixture/dive-recipe:1', '--json'], { env: { BUILDLENS_CONTENT_DIR: '', BUILDLENS_CACHE_DIR: join(scratch, 'save-cache') } });
    expect(run.exitCode, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.image.efficiency).toBe(DIVE.efficiency);
    expect(report.image.dive).toMatchObject(DIVE);
  });

  test('writes every report format, and the terminal summary shows dive\'s numbers', async () => {
    const dir = join(scratch, 'report');
    const run = await runCli(['image', `docker-archive:${fixtures}/dive-recipe.tar`, '--report-dir', dir, '--report-format', 'json,md,sarif,html,gitlab']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('dive: efficiency 0.9844212134184309 · 1220598 bytes · wasted 32025 bytes');
    expect(readdirSync(dir).sort()).toEqual(['gl-code-quality-report.json', 'report.html', 'report.json', 'report.md', 'report.sarif']);
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).image.dive.sizeBytes).toBe(DIVE.sizeBytes);
  });
});

describe('every transport and compression', () => {
  let reference: any;
  beforeAll(async () => {
    reference = await imageJson([`docker-archive:${fixtures}/buildx-docker.tar`]);
  }, 120_000);

  test.each(['oci-archive:%s/oci-gzip.tar', 'oci-archive:%s/oci-zstd.tar', 'oci-archive:%s/oci-uncompressed.tar', 'oci:%s/oci-dir', 'docker-archive:%s/kaniko.tar', 'docker-archive:%s/docker-save.tar', 'buildlens-fixture/image-layers:1'])(
    '%s reads the same files',
    async (name) => {
      const report = await imageJson([name.replace('%s', fixtures)]);
      expect(report.image.dive).toEqual(reference.image.dive);
      expect(report.image.layers.map((l: any) => l.files)).toEqual(reference.image.layers.map((l: any) => l.files));
      expect(report.image.wastedBytes).toBe(reference.image.wastedBytes);
    },
  );

  test('--platform picks one image of a multi-platform index; one it lacks is a usage error', async () => {
    const arm = await imageJson([`oci-archive:${fixtures}/multi-platform.tar`, '--platform', 'linux/arm64']);
    expect(arm.build.platforms).toEqual(['linux/arm64']);
    expect(arm.image.layers).toHaveLength(1);
    const missing = await runCli(['image', `oci-archive:${fixtures}/multi-platform.tar`, '--platform', 'linux/s390x']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('no linux/s390x image in the index (it has linux/amd64, linux/arm64)');
  });

  test('estargz layers read with the index and landmark files eStargz adds', async () => {
    const report = await imageJson([`oci-archive:${fixtures}/oci-estargz.tar`]);
    expect(report.image.layers).toHaveLength(reference.image.layers.length);
    // Each layer's index sits at the same path, so each later one hides the one before: waste dive counts too.
    expect(report.image.dive.inefficiencies.map((i: any) => i.path)).toContain('/stargz.index.json');
    expect(report.image.wastedBytes).toBeGreaterThan(reference.image.wastedBytes);
  });
});

describe("dive's CI gates", () => {
  const ci = (text: string): string => {
    const path = join(scratch, `dive-ci-${Math.random().toString(36).slice(2)}`);
    writeFileSync(path, text);
    return path;
  };
  const recipe = (): string => `docker-archive:${fixtures}/dive-recipe.tar`;

  test('a .dive-ci the image passes passes; one it fails exits 3 naming the rule', async () => {
    const passing = ci('rules:\n  lowestEfficiency: 0.95\n  highestWastedBytes: 20Mb\n  highestUserWastedPercent: 0.5\n');
    expect((await runCli(['image', recipe(), '--quiet', '--ci-config', passing])).exitCode).toBe(0);
    // Left out, highestUserWastedPercent is dive's default 0.1: 48% fails it.
    const defaults = ci('rules:\n  lowestEfficiency: 0.95\n');
    const failed = await runCli(['image', recipe(), '--quiet', '--ci-config', defaults]);
    expect(failed.exitCode).toBe(3);
    expect(failed.stderr).toContain('48.3% of the bytes above the first layer, over --max-wasted-percent 10.0%');
  });

  test('the flags gate the same numbers', async () => {
    expect((await runCli(['image', recipe(), '--quiet', '--min-efficiency', '0.98', '--max-wasted', '40kB'])).exitCode).toBe(0);
    const low = await runCli(['image', recipe(), '--quiet', '--min-efficiency', '0.99']);
    expect(low.exitCode).toBe(3);
    expect(low.stderr).toContain('image efficiency 0.9844 is below --min-efficiency 0.99');
    expect((await runCli(['image', recipe(), '--quiet', '--max-dive-wasted', '32025'])).exitCode).toBe(0);
    expect((await runCli(['image', recipe(), '--quiet', '--max-dive-wasted', '32024'])).exitCode).toBe(3);
  });

  test('a .dive-ci that is not one is a usage error', async () => {
    const bad = await runCli(['image', recipe(), '--ci-config', ci('rules:\n  lowestEfficiency: 95%\n')]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^buildlens: --ci-config: .*: lowestEfficiency: "95%" is not a ratio from 0 to 1$/);
  });
});

describe('bad input: one line, exit 2 or 1', () => {
  const oneLine = (stderr: string): void => {
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  };

  test.each([
    ['docker-archive:/nonexistent/image.tar', 2, /no such file/],
    ['registry:example.com/app:1', 2, /transport is not supported/],
    ['buildlens-fixture/no-such-image:1', 2, /no-such-image/],
    ['docker-archive:/dev/zero', 2, /is not a regular file/],
  ])('%s exits %i', async (name, code, message) => {
    const run = await runCli(['image', name]);
    expect(run.exitCode).toBe(code);
    expect(run.stderr).toMatch(message);
    oneLine(run.stderr);
  });

  test('a tar that is not an image, and a layer whose bytes were changed, exit 1', async () => {
    const notImage = join(scratch, 'not-image.tar');
    writeFileSync(notImage, Buffer.alloc(10240));
    const run = await runCli(['image', `docker-archive:${notImage}`]);
    expect(run.exitCode).toBe(1);
    oneLine(run.stderr);

    const dir = join(scratch, 'corrupt-oci');
    cpSync(`${fixtures}/oci-dir`, dir, { recursive: true });
    const blobs = join(dir, 'blobs', 'sha256');
    const largest = readdirSync(blobs).sort((a, b) => statSync(join(blobs, b)).size - statSync(join(blobs, a)).size)[0] ?? '';
    const bytes = readFileSync(join(blobs, largest));
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
    writeFileSync(join(blobs, largest), bytes);
    const corrupt = await runCli(['image', `oci:${dir}`], { env: { BUILDLENS_CACHE_DIR: join(scratch, 'cache') } });
    expect(corrupt.exitCode, corrupt.stderr).toBe(1);
    expect(corrupt.stderr).toMatch(/is corrupt or truncated/);
    oneLine(corrupt.stderr);
    expect(existsSync(join(scratch, 'cache'))).toBe(true);
  });
});
