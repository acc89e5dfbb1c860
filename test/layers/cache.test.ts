import { statSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { analyzeImage, analyzeLayer, defaultLayerCacheDir, LayerFactsCache } from '../../src/layers/index.js';
import { descOf, gzipLayer, streamOf } from './support.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'buildlens-layer-cache-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function analysisOf(digest: string, size = 10) {
  return analyzeLayer(streamOf(await gzipLayer([{ name: 'app/a', size }, { name: 'app/.wh.gone' }])), descOf(digest));
}

describe('LayerFactsCache', () => {
  test('a cached layer is never opened again and gives the same image facts', async () => {
    const cache = new LayerFactsCache(dir);
    const blobs = [await gzipLayer([{ name: 'a', size: 10 }]), await gzipLayer([{ name: 'a', size: 12 }])];
    const opened: string[] = [];
    const open = async (digest: string) => {
      opened.push(digest);
      return streamOf(blobs[Number(digest.slice(-1))] ?? Buffer.alloc(0));
    };
    const layers = [descOf('sha256:c0'), descOf('sha256:c1')];
    const first = await analyzeImage(layers, open, { cache });
    const progress: boolean[] = [];
    const second = await analyzeImage(layers, open, { cache, onProgress: (p) => progress.push(p.cached) });
    expect(opened).toEqual(['sha256:c0', 'sha256:c1']);
    expect(progress).toEqual([true, true]);
    expect(second).toEqual(first);
    expect(second.wastedBytes).toEqual([10, 0]);
  });

  test('the path index survives the round trip, so accounting from cache equals accounting from blobs', async () => {
    const cache = new LayerFactsCache(dir);
    const analysis = await analysisOf('sha256:rt');
    await cache.put(analysis);
    expect(await cache.get('sha256:rt')).toEqual(analysis);
  });

  test('a corrupt file, another format version or another digest inside is a miss', async () => {
    const cache = new LayerFactsCache(dir);
    await cache.put(await analysisOf('sha256:x'));
    const [file] = await readdir(dir);
    expect(file).toBeDefined();
    const path = join(dir, file ?? '');

    await writeFile(path, 'not gzip at all');
    expect(await cache.get('sha256:x')).toBeUndefined();
    await writeFile(path, gzipSync(JSON.stringify({ format: 1, facts: {}, files: [], dirs: [], deletions: [], opaqueDirs: [] })));
    expect(await cache.get('sha256:x')).toBeUndefined();

    await cache.put(await analysisOf('sha256:y'));
    // A valid entry for another digest, under this digest's name.
    await copyFile(join(dir, 'sha256_y.json.gz'), path);
    expect(await cache.get('sha256:x')).toBeUndefined();
    expect(await cache.get('sha256:y')).toBeDefined();
  });

  test('writes leave no temporary files behind', async () => {
    const cache = new LayerFactsCache(dir);
    await Promise.all(['sha256:p0', 'sha256:p1', 'sha256:p2'].map(async (d) => cache.put(await analysisOf(d))));
    expect((await readdir(dir)).sort()).toEqual(['sha256_p0.json.gz', 'sha256_p1.json.gz', 'sha256_p2.json.gz']);
  });

  test('beyond its size bound the least recently used entries are evicted', async () => {
    const probe = new LayerFactsCache(dir);
    await probe.put(await analysisOf('sha256:probe'));
    const entrySize = statSync(join(dir, 'sha256_probe.json.gz')).size;
    await rm(join(dir, 'sha256_probe.json.gz'));

    const cache = new LayerFactsCache(dir, { maxBytes: entrySize * 2 + entrySize / 2 });
    await cache.put(await analysisOf('sha256:old'));
    await cache.put(await analysisOf('sha256:mid'));
    const longAgo = new Date(Date.now() - 120_000);
    const lately = new Date(Date.now() - 60_000);
    await utimes(join(dir, 'sha256_old.json.gz'), longAgo, longAgo);
    await utimes(join(dir, 'sha256_mid.json.gz'), lately, lately);
    // "old" was written first, but reading it makes it recently used, so "mid" is the one to go.
    expect(await cache.get('sha256:old')).toBeDefined();
    await cache.put(await analysisOf('sha256:new'));
    expect((await readdir(dir)).sort()).toEqual(['sha256_new.json.gz', 'sha256_old.json.gz']);
  });

  test('a layer read only partly is not cached, so a later run reads it again', async () => {
    const cache = new LayerFactsCache(dir);
    const blob = await gzipLayer([{ name: 'a', size: 100_000 }]);
    let opened = 0;
    const open = () => {
      opened++;
      return streamOf(blob.subarray(0, 100));
    };
    await analyzeImage([descOf('sha256:partial')], open, { cache });
    const again = await analyzeImage([descOf('sha256:partial')], open, { cache });
    expect(opened).toBe(2);
    expect(again.layers[0]?.notes.join(' ')).toMatch(/could not be read to the end/);
  });

  test('the default directory follows XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultLayerCacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe('/x/cache/buildlens/layers');
    expect(defaultLayerCacheDir({ HOME: '/home/u' })).toMatch(/\/\.cache\/buildlens\/layers$/);
  });

  test('an entry is streamed in pieces, yet is the very JSON document of the whole analysis', async () => {
    const cache = new LayerFactsCache(dir);
    // More paths than one piece holds, with names JSON must escape.
    const entries = Array.from({ length: 2500 }, (_, i) => ({ name: `srv/d${i % 7}/"q\\u${i}\u00e9\u2028.txt`, size: i % 13 }));
    const analysis = await analyzeLayer(streamOf(await gzipLayer([...entries, { name: 'srv/empty/', type: 'directory' }, { name: 'srv/.wh.gone' }])), descOf('sha256:bigentry'));
    expect(analysis.index.files.size).toBe(2500);
    await cache.put(analysis);
    const text = gunzipSync(await readFile(join(dir, 'sha256_bigentry.json.gz'))).toString('utf8');
    const { facts, index } = analysis;
    expect(text).toBe(JSON.stringify({ format: 6, facts, files: [...index.files], dirs: [...index.dirs], deletions: index.deletions, opaqueDirs: index.opaqueDirs }));
    expect(await cache.get('sha256:bigentry')).toEqual(analysis);
  });

  test('an entry whose path lists hold anything but paths and sizes is a miss', async () => {
    const cache = new LayerFactsCache(dir);
    const analysis = await analysisOf('sha256:lists');
    await cache.put(analysis);
    const path = join(dir, 'sha256_lists.json.gz');
    const good = JSON.parse(gunzipSync(await readFile(path)).toString('utf8'));
    for (const bad of [{ files: [['a', '10']] }, { files: [['a']] }, { files: [[1, 2]] }, { dirs: [3] }, { deletions: [null] }, { opaqueDirs: [{}] }]) {
      await writeFile(path, gzipSync(JSON.stringify({ ...good, ...bad })));
      expect(await cache.get('sha256:lists'), JSON.stringify(bad)).toBeUndefined();
    }
    await writeFile(path, gzipSync(JSON.stringify(good)));
    expect(await cache.get('sha256:lists')).toEqual(analysis);
  });
});
