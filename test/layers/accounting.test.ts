import { describe, expect, test } from 'vitest';
import { accountLayers, analyzeImage, type LayerIndex } from '../../src/layers/index.js';
import { descOf, gzipLayer, streamOf, type Entry } from './support.js';

// Layers given as real gzip blobs, analysed, then accounted.
async function imageOf(layers: Entry[][]) {
  const blobs = await Promise.all(layers.map((entries) => gzipLayer(entries)));
  return analyzeImage(
    blobs.map((_, i) => descOf(`sha256:${i}`)),
    (digest) => streamOf(blobs[Number(digest.slice('sha256:'.length))] ?? Buffer.alloc(0)),
  );
}

describe('cross-layer accounting', () => {
  test('efficiency and waste match values worked out by hand with dive\'s rules', async () => {
    const image = await imageOf([
      [
        { name: 'keep', size: 100 },
        { name: 'junk', size: 400 },
        { name: 'over', size: 50 },
        { name: 'tmp/', type: 'directory' },
        { name: 'tmp/a', size: 200 },
        { name: 'tmp/b', size: 300 },
        { name: 'cache/x', size: 70 },
      ],
      [
        { name: '.wh.junk' },
        { name: 'over', size: 30 },
        { name: '.wh.tmp' },
        { name: 'cache/.wh..wh..opq' },
        { name: 'cache/y', size: 5 },
      ],
    ]);
    // Per path [sizes] -> min / cumulative:
    //   keep [100] 100/100; junk [400, whiteout of a file 0] 0/400; over [50, 30] 30/80;
    //   tmp/a [200] and tmp/b [300] as written; tmp [whiteout of a dir = 500 under it] 500/500;
    //   cache/x [70]; cache/y [5]; the opaque marker counts for nothing (dive skips it).
    const minimum = 100 + 0 + 30 + 200 + 300 + 500 + 70 + 5;
    const cumulative = 100 + 400 + 80 + 200 + 300 + 500 + 70 + 5;
    expect(image.efficiency).toBeCloseTo(minimum / cumulative, 12);
    expect(image.wastedBytes).toEqual([400 + 50 + 200 + 300 + 70, 0]);
    expect(image.wastedBy[0]).toEqual([{ layer: 1, bytes: 1020, paths: ['junk', 'tmp/b', 'tmp/a', 'cache/x', 'over'] }]);
    expect(image.wastedBy[1]).toEqual([]);
    expect(image.totalWastedBytes).toBe(1020);
  });

  test('waste is charged to the layer that added the bytes and names each later layer that removed them', async () => {
    const image = await imageOf([
      [{ name: 'a', size: 10 }, { name: 'b', size: 20 }],
      [{ name: 'a', size: 11 }],
      [{ name: '.wh.b' }, { name: 'a', size: 12 }],
    ]);
    expect(image.wastedBytes).toEqual([30, 11, 0]);
    expect(image.wastedBy[0]).toEqual([
      { layer: 1, bytes: 10, paths: ['a'] },
      { layer: 2, bytes: 20, paths: ['b'] },
    ]);
    expect(image.wastedBy[1]).toEqual([{ layer: 2, bytes: 11, paths: ['a'] }]);
    // a [10, 11, 12] -> 10/33, b [20, 0] -> 0/20
    expect(image.efficiency).toBeCloseTo(10 / 53, 12);
  });

  test('an image where nothing is duplicated or deleted is fully efficient; an empty one too', async () => {
    const clean = await imageOf([[{ name: 'a', size: 10 }], [{ name: 'b', size: 5 }]]);
    expect(clean.efficiency).toBe(1);
    expect(clean.totalWastedBytes).toBe(0);
    expect((await imageOf([])).efficiency).toBe(1);
  });

  test('a directory replacing a file, and a file replacing a directory, waste what they replace', () => {
    const layer = (files: Array<[string, number]>, dirs: string[] = []): LayerIndex => ({ files: new Map(files), dirs: new Set(dirs), deletions: [], opaqueDirs: [] });
    const result = accountLayers([layer([['x', 10]]), layer([['x/y', 5]], ['x']), layer([['x', 7]])]);
    expect(result.wastedBytes).toEqual([10, 5, 0]);
    expect(result.wastedBy[1]).toEqual([{ layer: 2, bytes: 5, paths: ['x/y'] }]);
  });

  test('whiteouts of a parent directory remove what a lower layer put under it from the final categories', async () => {
    const image = await imageOf([
      [{ name: 'var/lib/apt/lists/x_Packages', size: 2000 }, { name: 'usr/share/doc/curl/changelog.gz', size: 300 }],
      [{ name: 'var/lib/.wh.apt' }],
    ]);
    expect(image.wastedBytes[0]).toBe(2000);
    expect(image.layers[0]?.categories.map((c) => c.category).sort()).toEqual(['apt-lists', 'docs']);
    expect(image.finalCategories).toEqual([{ category: 'docs', bytes: 300, files: 1, paths: ['usr/share/doc/curl/changelog.gz'] }]);
  });

  test('a file re-added after its directory was made opaque in the same layer survives', async () => {
    const image = await imageOf([[{ name: 'etc/app/old.conf', size: 40 }], [{ name: 'etc/app/.wh..wh..opq' }, { name: 'etc/app/new.conf', size: 9 }]]);
    expect(image.wastedBytes).toEqual([40, 0]);
    expect(image.layers[1]?.opaqueDirs).toEqual(['etc/app']);
  });

  // Speed is measured by `npm run bench`, not asserted here: this checks the result at that scale.
  test('deleting half of a 100 000-file base directory by directory whiteouts counts exactly that half', () => {
    const base = new Map<string, number>();
    for (let i = 0; i < 100_000; i++) base.set(`usr/lib/d${i % 200}/f${i}`, 3);
    const deletions = Array.from({ length: 100 }, (_, d) => `usr/lib/d${d * 2}`);
    const result = accountLayers([
      { files: base, dirs: new Set(), deletions: [], opaqueDirs: [] },
      { files: new Map(), dirs: new Set(), deletions, opaqueDirs: [] },
    ]);
    expect(result.wastedBytes[0]).toBe(150_000);
  });
});
