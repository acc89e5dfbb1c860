import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyzeImage, analyzeLayer, categorize, LayerFactsCache } from '../../src/layers/index.js';
import { GZIP, gzipLayer, streamOf, tarOf } from './support.js';

const desc = (digest: string, size = 0) => ({ digest, mediaType: GZIP, size });

describe('one layer', () => {
  test('counts files, bytes and the real uncompressed tar size, and finds whiteouts and opaque dirs', async () => {
    const tar = await tarOf([
      { name: 'app/', type: 'directory' },
      { name: 'app/a.bin', size: 1000 },
      { name: './app/b.txt', content: 'hello' },
      { name: 'app/.wh.old.txt' },
      { name: 'var/cache/.wh..wh..opq' },
      { name: 'app/hard', type: 'link', linkname: 'app/a.bin' },
      { name: 'app/soft', type: 'symlink', linkname: '../etc/passwd' },
    ]);
    const { facts, index } = await analyzeLayer(streamOf(gzipSync(tar)), desc('sha256:l1'));
    expect(facts.uncompressedSize).toBe(tar.length);
    expect(facts.files).toBe(4);
    expect(facts.addedBytes).toBe(1005);
    expect(facts.deletions).toEqual(['app/old.txt']);
    expect(facts.opaqueDirs).toEqual(['var/cache']);
    expect(index.files.get('app/b.txt')).toBe(5);
    expect(facts.largestFiles[0]).toEqual({ path: 'app/a.bin', size: 1000 });
    expect(facts.largestDirs[0]).toEqual({ path: 'app', size: 1005 });
  });

  test('names escaping the root are skipped with a note; absolute names are made relative', async () => {
    const blob = await gzipLayer([{ name: '../../etc/passwd', content: 'x' }, { name: '/abs/file', content: 'yy' }, { name: `${'d'.repeat(150)}/${'f'.repeat(150)}`, content: 'z' }]);
    const { facts, index } = await analyzeLayer(streamOf(blob), desc('sha256:l2'));
    expect([...index.files.keys()].sort()).toEqual(['abs/file', `${'d'.repeat(150)}/${'f'.repeat(150)}`]);
    expect(facts.notes.join(' ')).toMatch(/escapes the image root/);
  });

  test('a truncated or garbage blob yields what was read and a note, never a throw', async () => {
    const blob = await gzipLayer([{ name: 'a', size: 50_000 }, { name: 'b', size: 50_000 }]);
    const truncated = await analyzeLayer(streamOf(blob.subarray(0, Math.floor(blob.length / 2))), desc('sha256:t'));
    expect(truncated.facts.notes.join(' ')).toMatch(/could not be read to the end/);
    const garbage = await analyzeLayer(streamOf(Buffer.from('not a layer at all')), desc('sha256:g'));
    expect(garbage.facts.notes.length).toBeGreaterThan(0);
    expect(garbage.facts.files).toBe(0);
  });

  test('package caches, node_modules packages and app manifests are recognised; secrets by path only', async () => {
    const manifest = JSON.stringify({ name: 'app', devDependencies: { jest: '1' } });
    const blob = await gzipLayer([
      { name: 'var/lib/apt/lists/deb.debian.org_dists_bookworm_InRelease', size: 3000 },
      { name: 'app/package.json', content: manifest },
      { name: 'app/node_modules/jest/index.js', size: 700 },
      { name: 'app/node_modules/@babel/core/lib/x.js', size: 300 },
      { name: 'app/node_modules/jest/package.json', content: '{}' },
      { name: 'app/.env', content: 'API_KEY=do-not-keep-me' },
    ]);
    const { facts } = await analyzeLayer(streamOf(blob), desc('sha256:l3'));
    expect(facts.categories.find((c) => c.category === 'apt-lists')).toMatchObject({ bytes: 3000, files: 1 });
    expect(facts.nodeModules).toEqual([{ root: 'app', bytes: 1002, packages: { jest: 702, '@babel/core': 300 } }]);
    expect(facts.manifests).toEqual([{ path: 'app/package.json', text: manifest }]);
    expect(facts.categories.find((c) => c.category === 'secret')?.paths).toEqual(['app/.env']);
    expect(JSON.stringify(facts)).not.toContain('do-not-keep-me');
  });

  test('a 50 MB file is streamed, not buffered', async () => {
    const blob = await gzipLayer([{ name: 'big.bin', size: 50 * 1024 * 1024 }]);
    const before = process.memoryUsage().arrayBuffers;
    const { facts } = await analyzeLayer(streamOf(blob, 64 * 1024), desc('sha256:big'));
    expect(facts.addedBytes).toBe(50 * 1024 * 1024);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(40 * 1024 * 1024);
  });

  test('100 000 small files complete', async () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => ({ name: `f/${i}`, content: 'x' }));
    const { facts } = await analyzeLayer(streamOf(await gzipLayer(entries), 1 << 20), desc('sha256:many'));
    expect(facts.files).toBe(100_000);
  }, 60_000);
});

describe('path categories', () => {
  test.each([
    ['var/lib/apt/lists/x_Packages', 'apt-lists'],
    ['var/lib/apt/lists/lock', undefined],
    ['var/cache/apt/archives/curl_8.deb', 'apt-archives'],
    ['root/.cache/pip/http/a', 'pip-cache'],
    ['root/.npm/_cacache/index-v5/x', 'npm-cache'],
    ['usr/local/share/.cache/yarn/v6/x', 'yarn-cache'],
    ['root/.cache/go-build/aa/x', 'go-cache'],
    ['usr/share/doc/curl/copyright', 'docs'],
    ['usr/share/man/man1/ls.1.gz', 'docs'],
    ['usr/share/locale/de/LC_MESSAGES/x.mo', 'locales'],
    ['usr/bin/gcc-12', 'toolchain'],
    ['usr/bin/x86_64-linux-gnu-gcc-12', 'toolchain'],
    ['usr/include/stdio.h', 'toolchain'],
    ['usr/lib/gcc/x86_64-linux-gnu/12/cc1', 'toolchain'],
    ['app/.env', 'secret'],
    ['app/.env.example', undefined],
    ['root/.ssh/id_rsa', 'secret'],
    ['etc/ssl/certs/ca.pem', undefined],
    ['app/node_modules/x/test/key.pem', undefined],
    ['app/server.key', 'secret'],
    ['usr/bin/node', undefined],
  ])('%s is %s', (path, category) => {
    expect(categorize(path)).toBe(category);
  });
});

describe('an image', () => {
  test('bytes deleted or overwritten later are wasted, charged to the adding layer with the remover', async () => {
    const layers = [
      await gzipLayer([{ name: 'base/keep', size: 100 }]),
      await gzipLayer([{ name: 'tmp/junk', size: 24_000 }, { name: 'app/conf', size: 10 }, { name: 'cache/', type: 'directory' }, { name: 'cache/a', size: 500 }]),
      await gzipLayer([{ name: 'tmp/.wh.junk' }, { name: 'app/conf', size: 12 }, { name: '.wh.cache' }]),
    ];
    const image = await analyzeImage(layers.map((_, i) => desc(`sha256:i${i}`)), (d) => streamOf(layers[Number(d.slice(-1))] ?? Buffer.alloc(0)));
    expect(image.wastedBytes).toEqual([0, 24_510, 0]);
    expect(image.wastedBy[1]).toEqual([{ layer: 2, bytes: 24_510, paths: ['tmp/junk', 'cache/a', 'app/conf'] }]);
    expect(image.totalWastedBytes).toBe(24_510);
  });

  test('efficiency is dive\'s: per path, smallest size over the sum of its sizes', async () => {
    // Paths: keep (100 once), junk (400 then whiteout of a file = 0), tmp dir (0), over (50 then 30).
    const layers = [
      await gzipLayer([{ name: 'keep', size: 100 }, { name: 'junk', size: 400 }, { name: 'over', size: 50 }]),
      await gzipLayer([{ name: '.wh.junk' }, { name: 'over', size: 30 }]),
    ];
    const image = await analyzeImage(layers.map((_, i) => desc(`sha256:e${i}`)), (d) => streamOf(layers[Number(d.slice(-1))] ?? Buffer.alloc(0)));
    // min: keep 100 + junk 0 + over 30 = 130; cumulative: 100 + 400 + 80 = 580
    expect(image.efficiency).toBeCloseTo(130 / 580, 10);
  });

  test('an opaque directory hides lower contents: they are wasted and gone from the final categories', async () => {
    const layers = [
      await gzipLayer([{ name: 'var/lib/apt/lists/a_Packages', size: 2000 }]),
      await gzipLayer([{ name: 'var/lib/apt/lists/.wh..wh..opq' }]),
    ];
    const image = await analyzeImage(layers.map((_, i) => desc(`sha256:o${i}`)), (d) => streamOf(layers[Number(d.slice(-1))] ?? Buffer.alloc(0)));
    expect(image.wastedBytes[0]).toBe(2000);
    expect(image.finalCategories.find((c) => c.category === 'apt-lists')).toBeUndefined();
    expect(image.layers[0]?.categories.find((c) => c.category === 'apt-lists')?.bytes).toBe(2000);
  });

  test('a cached layer is never opened again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'buildlens-layer-cache-test-'));
    try {
      const cache = new LayerFactsCache(dir);
      const blob = await gzipLayer([{ name: 'a', size: 10 }]);
      let opened = 0;
      const open = () => {
        opened++;
        return streamOf(blob);
      };
      const first = await analyzeImage([desc('sha256:c0')], open, { cache });
      const second = await analyzeImage([desc('sha256:c0')], open, { cache });
      expect(opened).toBe(1);
      expect(second).toEqual(first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
