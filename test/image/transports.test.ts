import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openImage } from '../../src/image/index.js';
import type { OpenedImage } from '../../src/image/types.js';
import { imageFixtures, sha256Of, tarEntries } from './support.js';

// Every transport on the same image, built once by scripts/image-fixtures.sh:
// the same layers (each layer's uncompressed tar hashes to the config's diff
// ID, which also proves the decompression), and history matched to them.

let dir: string;
let reference: OpenedImage;
const ENGINE_TAG = 'buildlens-fixture/image-layers:1';

beforeAll(async () => {
  dir = imageFixtures();
  reference = await openImage(`docker-archive:${dir}/docker-save.tar`);
}, 600_000);

async function expectWhole(image: OpenedImage): Promise<void> {
  for (const layer of image.layers) expect(await sha256Of(await layer.open())).toBe(layer.diffId);
}

describe('the layers image through each transport', () => {
  it('docker save output has six layers with their history, base layers first', async () => {
    expect(reference.layers).toHaveLength(6);
    expect(reference.layers.map((l) => l.history.entry?.created_by ?? '')).toEqual([
      expect.stringContaining('COPY busybox /bin/busybox'),
      expect.stringContaining('--install -s /bin'),
      expect.stringContaining('mkdir -p /tmp /root /etc /home'),
      expect.stringContaining('COPY app/ /app/'),
      expect.stringContaining('mkdir -p /data/keep /data/gone /opaque'),
      expect.stringContaining('rm /app/random.bin'),
    ]);
    // The base's ENV and CMD made no layer: they sit between its last layer and the first of ours.
    expect(reference.layers[3]?.history.before.map((e) => e.created_by)).toEqual([expect.stringContaining('ENV PATH'), expect.stringContaining('CMD')]);
    expect(reference.layers[4]?.history.before).toEqual([]);
    expect(reference.history.after).toEqual([]);
    expect(reference.platform).toMatchObject({ os: 'linux', architecture: 'amd64' });
    await expectWhole(reference);
  });

  it.each([
    ['docker-archive', 'buildx-docker.tar', 'gzip'],
    ['docker-archive', 'kaniko.tar', 'gzip'],
    ['oci-archive', 'oci-gzip.tar', 'gzip'],
    ['oci-archive', 'oci-zstd.tar', 'zstd'],
    ['oci-archive', 'oci-estargz.tar', 'gzip'],
    ['oci-archive', 'oci-uncompressed.tar', 'none'],
    ['oci', 'oci-dir', 'gzip'],
  ])('%s:%s reads the same files (%s layers)', async (transport, file, compression) => {
    const image = await openImage(`${transport}:${dir}/${file}`);
    try {
      expect(image.layers.map((l) => l.compression)).toEqual(Array(6).fill(compression));
      expect(image.layers.map((l) => l.history.entry?.created_by)).toEqual(reference.layers.map((l) => l.history.entry?.created_by));
      await expectWhole(image);
      // eStargz adds its table of contents to each tar; the image's own files are the same.
      const landmarks = /^(stargz\.index\.json|\.prefetch\.landmark|\.no\.prefetch\.landmark)$/;
      for (const [i, layer] of image.layers.entries()) {
        const files = (await tarEntries(await layer.open())).filter((e) => !landmarks.test(e.name));
        expect(files.map((e) => [e.name, e.size])).toEqual((await tarEntries(await reference.layers[i]!.open())).map((e) => [e.name, e.size]));
      }
    } finally {
      await image.close();
    }
  });

  it('the engine store is read in place, and through docker save, to the same layers', async () => {
    const inPlace = await openImage(ENGINE_TAG);
    const saved = await openImage(`docker:${ENGINE_TAG}`, { contentDirs: [] });
    try {
      expect(inPlace.readOrder).toBeUndefined();
      expect(saved.readOrder).toEqual(expect.arrayContaining([0, 1, 2, 3, 4, 5]));
      expect(inPlace.layers.map((l) => l.digest)).toEqual(reference.layers.map((l) => l.digest));
      expect(saved.layers.map((l) => l.digest)).toEqual(reference.layers.map((l) => l.digest));
      await expectWhole(inPlace);
      // Out of stored order on purpose: a layer already passed starts another pass of docker save.
      for (const layer of [...saved.layers].reverse()) expect(await sha256Of(await layer.open())).toBe(layer.diffId);
    } finally {
      await inPlace.close();
      await saved.close();
    }
  });

  it('a reader that stops early leaves the image readable, through docker save too', async () => {
    for (const image of [await openImage(`oci-archive:${dir}/oci-gzip.tar`), await openImage(`docker:${ENGINE_TAG}`, { contentDirs: [] })]) {
      const first = await image.layers[0]!.open();
      for await (const chunk of first) {
        expect((chunk as Buffer).length).toBeGreaterThan(0);
        break;
      }
      expect(first.destroyed).toBe(true);
      expect(await sha256Of(await image.layers[0]!.open())).toBe(image.layers[0]!.diffId);
      expect(await sha256Of(await image.layers[3]!.open())).toBe(image.layers[3]!.diffId);
      await image.close();
    }
  });

  it('an archive of several images needs one named, by tag or by position', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'buildlens-two-images-')), 'two.tar');
    execFileSync('docker', ['image', 'save', 'buildlens-fixture/busybox:1', ENGINE_TAG, '-o', file]);
    await expect(openImage(`docker-archive:${file}`)).rejects.toThrow(/holds 2 images \(.*\); name one as PATH:TAG or PATH:@N/);
    const byTag = await openImage(`docker-archive:${file}:${ENGINE_TAG}`);
    expect(byTag.layers.map((l) => l.diffId)).toEqual(reference.layers.map((l) => l.diffId));
    const busybox = await openImage(`docker-archive:${file}:buildlens-fixture/busybox:1`);
    expect(busybox.layers).toHaveLength(3);
    const first = await openImage(`docker-archive:${file}:@0`);
    const second = await openImage(`docker-archive:${file}:@1`);
    expect([first.layers.length, second.layers.length].sort()).toEqual([3, 6]);
    await expect(openImage(`docker-archive:${file}:@2`)).rejects.toThrow(/no image @2 in it/);
    await Promise.all([byTag.close(), busybox.close(), first.close(), second.close()]);
  });

  it('a multi-platform index gives the host platform by default and another on request', async () => {
    const host = await openImage(`oci-archive:${dir}/multi-platform.tar`);
    const arm = await openImage(`oci-archive:${dir}/multi-platform.tar`, { platform: 'linux/arm64' });
    expect(host.platform.architecture).toBe('amd64');
    expect(arm.platform.architecture).toBe('arm64');
    expect(arm.manifestDigest).not.toBe(host.manifestDigest);
    // Same COPY on both: the same layer.
    expect(arm.layers.map((l) => l.diffId)).toEqual(host.layers.map((l) => l.diffId));
    await expectWhole(arm);
    await Promise.all([host.close(), arm.close()]);
  });
});
