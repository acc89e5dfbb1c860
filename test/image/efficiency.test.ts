import { beforeAll, describe, expect, it } from 'vitest';
import { baseLayerCount, diveEfficiency } from '../../src/image/efficiency.js';
import { openImage } from '../../src/image/index.js';
import { analyzeLayer, type LayerIndex } from '../../src/layers/analyze-layer.js';
import { accountLayers } from '../../src/layers/accounting.js';
import { referenceDive } from './dive-reference.js';
import { imageFixtures } from './support.js';

// dive's numbers: on small layer sets where each number can be worked out by
// hand from dive's algorithm, and on dive's test image rebuilt from its
// recipe (scripts/dive-test-image.sh), whose numbers follow from the sizes
// of its files alone.

function layer(files: Record<string, number>, opts: { dirs?: string[]; deletions?: string[]; opaqueDirs?: string[] } = {}): LayerIndex {
  return { files: new Map(Object.entries(files)), dirs: new Set(opts.dirs ?? []), deletions: opts.deletions ?? [], opaqueDirs: opts.opaqueDirs ?? [] };
}

describe('diveEfficiency on layer sets worked out by hand', () => {
  it('counts a path in two layers whole, and a whiteout of an implied directory as nothing', () => {
    const result = diveEfficiency([
      layer({ 'etc/nginx/nginx.conf': 2000, 'etc/nginx/public': 3000 }),
      layer({ 'etc/nginx/nginx.conf': 5000, 'etc/athing': 10000 }),
      layer({}, { deletions: ['etc/nginx'] }),
    ]);
    // Smallest sizes 2000 + 3000 + 10000 + 0 over sums 7000 + 3000 + 10000 + 0.
    expect(result.efficiency).toBe(0.75);
    expect(result.wastedBytes).toBe(7000);
    expect(result.inefficiencies).toEqual([{ path: '/etc/nginx/nginx.conf', count: 2, cumulativeBytes: 7000 }]);
  });

  it('counts a whiteout of a listed directory as the bytes under it', () => {
    const result = diveEfficiency([
      layer({ 'etc/nginx/nginx.conf': 2000, 'etc/nginx/public': 3000 }, { dirs: ['etc', 'etc/nginx'] }),
      layer({ 'etc/nginx/nginx.conf': 5000, 'etc/athing': 10000 }, { dirs: ['etc', 'etc/nginx'] }),
      layer({}, { dirs: ['etc'], deletions: ['etc/nginx'] }),
    ]);
    expect(result.efficiency).toBe((2000 + 3000 + 10000 + 8000) / (7000 + 3000 + 10000 + 8000));
    expect(result.wastedBytes).toBe(7000);
    // Both files go with the directory; nginx.conf was counted by dive already, public was not.
    expect(result.missed).toMatchObject({ bytes: 3000, files: 1, largest: [{ path: '/etc/nginx/public', bytes: 3000, layer: 0, removedBy: 2 }] });
  });

  it('gives 1 for an image with no bytes', () => {
    expect(diveEfficiency([layer({ nothing: 0 }), layer({}), layer({})]).efficiency).toBe(1);
    expect(diveEfficiency([]).efficiency).toBe(1);
  });

  it('ignores opaque directories, as dive does, where the layer accounting clears them', () => {
    const layers = [layer({ 'cache/a': 4000, keep: 1000 }, { dirs: ['cache'] }), layer({ 'cache/b': 10 }, { dirs: ['cache'], opaqueDirs: ['cache'] })];
    const result = diveEfficiency(layers);
    expect(result.efficiency).toBe(1);
    expect(result.wastedBytes).toBe(0);
    expect(result.missed).toMatchObject({ bytes: 4000, files: 1 });
    expect(accountLayers(layers).totalWastedBytes).toBe(4000);
  });

  it('stops counting a layer at a whiteout of a path the layers below lack, leaving that path at -1', () => {
    const result = diveEfficiency([layer({ a: 100 }), layer({ '-early': 50, z: 70 }, { deletions: ['m'] })]);
    // Visited in byte order: "-early" (50), then ".wh.m" fails and "z" is never counted. Sums: a 100, -early 50, m 0; smallest: 100 + 50 - 1.
    expect(result.efficiency).toBe(149 / 150);
    expect(result.sizeBytes).toBe(220);
  });

  it('splits waste between base layers and the rest, and charges removals of base files to the rest', () => {
    const layers = [
      layer({ 'usr/lib/x.so': 500 }),
      layer({ 'usr/lib/x.so': 600 }),
      layer({ 'app/bin': 300 }),
      layer({}, { deletions: ['usr/lib/x.so'] }),
    ];
    const dive = diveEfficiency(layers);
    const split = diveEfficiency(layers, { baseLayers: 2 });
    expect(dive.wastedBytes).toBe(1100);
    expect(split.wastedBytes).toBe(1100);
    expect(split.waste).toEqual({ baseLayers: 2, base: 1100, user: 0, userPercent: 0 });
    expect(dive.waste).toMatchObject({ baseLayers: 1, base: 0, user: 1100 });
    expect(dive.userSizeBytes).toBe(900);
    expect(dive.wastedUserPercent).toBe(1100 / 900);
  });

  it('finds an image\'s base layers by the diff IDs it shares with its base', () => {
    expect(baseLayerCount(['sha256:a', 'sha256:b', 'sha256:c'], ['sha256:a', 'sha256:b'])).toBe(2);
    expect(baseLayerCount(['sha256:a', 'sha256:c'], ['sha256:a', 'sha256:b'])).toBe(1);
    expect(baseLayerCount(['sha256:a'], [])).toBe(0);
  });
});

describe("dive's test image, rebuilt from its recipe", () => {
  const R = 6405; // the ADDed file, copied, moved and removed along the recipe
  const S = 917 + 1270; // the ADDed scripts
  let indexes: LayerIndex[];
  let sizes: number[];

  beforeAll(async () => {
    const dir = imageFixtures();
    const image = await openImage(`docker-archive:${dir}/dive-recipe.tar`);
    indexes = [];
    sizes = [];
    for (const l of image.layers) {
      const analysis = await analyzeLayer(await l.open(), { digest: l.digest, mediaType: 'application/vnd.oci.image.layer.v1.tar', size: l.size });
      indexes.push(analysis.index);
      sizes.push(analysis.facts.addedBytes);
    }
    await image.close();
  }, 600_000);

  it("derives dive's published numbers from the sizes alone", () => {
    // dive's recorded tar: its base layer holds 1 154 361 bytes.
    const efficiency = (b: number): number => (b + 9 * R + S) / (b + 12 * R + S);
    expect(efficiency(1_154_361)).toBe(0.9844212134184309);
    expect(1_154_361 + 10 * R + S).toBe(1_220_598);
    expect(5 * R).toBe(32_025);
    expect(32_025 / (10 * R + S)).toBe(0.4834911001404049);
  });

  it("gives dive's published numbers on the rebuilt image", () => {
    const result = diveEfficiency(indexes, { layerSizes: sizes });
    expect(indexes).toHaveLength(1 + 13);
    expect(sizes[0]).toBe(1_154_361);
    expect(result.efficiency).toBe(0.9844212134184309);
    expect(result.sizeBytes).toBe(1_220_598);
    expect(result.wastedBytes).toBe(32_025);
    expect(result.userSizeBytes).toBe(10 * R + S);
    expect(result.wastedUserPercent).toBe(0.4834911001404049);
    expect(result.inefficiencies).toEqual([
      { path: '/root/example/somefile1.txt', count: 2, cumulativeBytes: 2 * R },
      { path: '/root/saved.txt', count: 2, cumulativeBytes: 2 * R },
      { path: '/root/example/somefile3.txt', count: 2, cumulativeBytes: R },
    ]);
    // somefile2.txt is written once and goes with `rm -rf /root/example/`: dive counts it nowhere.
    expect(result.missed).toMatchObject({ bytes: R, files: 1, largest: [{ path: '/root/example/somefile2.txt', bytes: R, layer: 1 + 4, removedBy: 1 + 8 }] });
    expect(result.waste).toEqual({ baseLayers: 1, base: 0, user: 32_025, userPercent: 32_025 / (10 * R + S) });
  });
});

describe('diveEfficiency against a plain model of dive', () => {
  // A small deterministic generator (mulberry32) of layers that reuse a few names, so paths collide across layers.
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const NAMES = ['a', 'b', 'c', '-d', 'e.txt', 'Z'];

  function randomLayers(next: () => number): LayerIndex[] {
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const path = (): string => Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(NAMES)).join('/');
    return Array.from({ length: 1 + Math.floor(next() * 5) }, () => {
      const index = layer({});
      for (let n = Math.floor(next() * 8); n > 0; n--) {
        const p = path();
        const roll = next();
        if (roll < 0.5) index.files.set(p, Math.floor(next() * 1000));
        else if (roll < 0.7) index.dirs.add(p);
        else if (roll < 0.95) index.deletions.push(p);
        else index.opaqueDirs.push(p);
      }
      // A path a layer lists both as a file and as a directory is not a layer any tar makes.
      for (const dir of index.dirs) for (const file of index.files.keys()) if (file === dir || dir.startsWith(`${file}/`)) index.files.delete(file);
      for (const file of index.files.keys()) for (const other of index.files.keys()) if (other.startsWith(`${file}/`)) index.files.delete(file);
      return index;
    });
  }

  it('agrees on 1000 random layer sets, quirks included', () => {
    const next = random(20261129);
    let differing = 0;
    for (let round = 0; round < 1000; round++) {
      const layers = randomLayers(next);
      const fast = diveEfficiency(layers);
      const slow = referenceDive(layers);
      if (fast.efficiency !== slow.efficiency || fast.wastedBytes !== slow.wastedBytes || fast.sizeBytes !== slow.sizeBytes) differing++;
      if (differing === 1) expect({ layers: layers.map((l) => ({ ...l, files: [...l.files], dirs: [...l.dirs] })), fast: [fast.efficiency, fast.wastedBytes], slow }).toBe('agreement');
    }
    expect(differing).toBe(0);
  });
});
