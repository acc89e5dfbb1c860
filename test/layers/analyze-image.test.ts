import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { analyzeImage, type LayerProgress } from '../../src/layers/index.js';
import { descOf, GZIP, gzipLayer, streamOf } from './support.js';

const MIB = 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// An opener that counts the blobs open at once; each blob ends once `hold` (by digest) resolves.
function countingOpener(blobs: Map<string, Buffer>, hold: (digest: string, state: { ended: string[] }) => Promise<unknown>) {
  const state = { open: 0, most: 0, order: [] as string[], ended: [] as string[] };
  const open = (digest: string): Readable => {
    state.order.push(digest);
    state.open++;
    state.most = Math.max(state.most, state.open);
    const bytes = blobs.get(digest) ?? Buffer.alloc(0);
    return Readable.from((async function* () {
      await hold(digest, state);
      yield bytes;
      state.open--;
      state.ended.push(digest);
    })());
  };
  return { state, open };
}

describe('analyzeImage', () => {
  test('layers are opened base first, through a synchronous or asynchronous opener, with progress per layer', async () => {
    const blobs = new Map([
      ['sha256:base', await gzipLayer([{ name: 'bin/sh', size: 100 }])],
      ['sha256:app', await gzipLayer([{ name: 'app/main.js', size: 7 }])],
    ]);
    const opened: string[] = [];
    const progress: LayerProgress[] = [];
    const image = await analyzeImage(
      [descOf('sha256:base'), descOf('sha256:app')],
      async (digest) => {
        opened.push(digest);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return streamOf(blobs.get(digest) ?? Buffer.alloc(0));
      },
      { onProgress: (p) => progress.push(p) },
    );
    expect(opened).toEqual(['sha256:base', 'sha256:app']);
    expect(image.layers.map((l) => [l.digest, l.addedBytes])).toEqual([['sha256:base', 100], ['sha256:app', 7]]);
    expect(progress).toEqual([
      { index: 0, total: 2, digest: 'sha256:base', cached: false },
      { index: 1, total: 2, digest: 'sha256:app', cached: false },
    ]);
  });

  test('a read order (a stream read front to back) is kept, one layer at a time, whatever the sizes', async () => {
    const blobs = new Map([
      ['sha256:small', await gzipLayer([{ name: 'a', size: 10 }])],
      ['sha256:large', await gzipLayer([{ name: 'b', size: 3 * MIB }])],
      ['sha256:mid', await gzipLayer([{ name: 'c', size: MIB }])],
    ]);
    const { state, open } = countingOpener(blobs, () => sleep(2));
    const descs = [...blobs.keys()].map((d) => ({ ...descOf(d), size: blobs.get(d)?.length ?? 0 }));
    const image = await analyzeImage(descs, open, { order: [2, 0, 1], parallelMinBytes: 0 });
    expect(state.order).toEqual(['sha256:mid', 'sha256:small', 'sha256:large']);
    expect(state.most).toBe(1);
    expect(image.layers.map((l) => l.addedBytes)).toEqual([10, 3 * MIB, MIB]);
  });

  test('a blob that cannot be opened becomes a note on its layer, and the other layers are still analysed', async () => {
    const blob = await gzipLayer([{ name: 'etc/os-release', size: 50 }]);
    const image = await analyzeImage([descOf('sha256:missing'), descOf('sha256:ok')], (digest) => {
      if (digest === 'sha256:missing') throw new Error('blob not found');
      return streamOf(blob);
    });
    expect(image.layers[0]?.notes.join(' ')).toMatch(/could not be opened \(blob not found\)/);
    expect(image.layers[0]?.files).toBe(0);
    expect(image.layers[1]?.addedBytes).toBe(50);
  });

  test('large layers are read two at a time, largest first; small ones one at a time, after them', async () => {
    const blob = await gzipLayer([{ name: 'f', size: 1 }]);
    const sizes: Record<string, number> = { 'sha256:s1': 1000, 'sha256:l1': 20 * MIB, 'sha256:s2': 3000, 'sha256:l2': 40 * MIB, 'sha256:l3': 30 * MIB };
    const blobs = new Map(Object.keys(sizes).map((d) => [d, blob]));
    const { state, open } = countingOpener(blobs, () => sleep(20));
    let smallAtOnce = 0;
    const image = await analyzeImage(Object.entries(sizes).map(([d, size]) => descOf(d, GZIP, size)), (digest) => {
      if ((sizes[digest] ?? 0) < 16 * MIB) smallAtOnce = Math.max(smallAtOnce, state.open + 1);
      return open(digest);
    });
    expect(state.order).toEqual(['sha256:l2', 'sha256:l3', 'sha256:l1', 'sha256:s2', 'sha256:s1']);
    expect(state.most).toBe(2);
    expect(smallAtOnce).toBe(1);
    expect(image.layers.map((l) => l.digest)).toEqual(Object.keys(sizes));
  });

  test('only small layers: never two blobs open at once', async () => {
    const blob = await gzipLayer([{ name: 'f', size: 1 }]);
    const blobs = new Map(['sha256:a', 'sha256:b', 'sha256:c'].map((d) => [d, blob]));
    const { state, open } = countingOpener(blobs, () => sleep(10));
    await analyzeImage([...blobs.keys()].map((d) => descOf(d, GZIP, 5 * MIB)), open);
    expect(state.most).toBe(1);
    expect(state.order).toEqual(['sha256:a', 'sha256:b', 'sha256:c']);
  });

  test('progress is reported in layer order even when a later layer finishes first', async () => {
    const blob = await gzipLayer([{ name: 'f', size: 1 }]);
    const blobs = new Map([['sha256:slow', blob], ['sha256:fast', blob]]);
    // The slow blob ends only after the fast one (or, read one at a time, after a second).
    const fastEnded = async (ended: string[]) => {
      for (let waited = 0; !ended.includes('sha256:fast') && waited < 1000; waited += 5) await sleep(5);
    };
    const { state, open } = countingOpener(blobs, (d, s) => (d === 'sha256:slow' ? fastEnded(s.ended) : sleep(1)));
    const progress: number[] = [];
    await analyzeImage([descOf('sha256:slow', GZIP, 20 * MIB), descOf('sha256:fast', GZIP, 20 * MIB)], open, { onProgress: (p) => progress.push(p.index) });
    expect(state.ended).toEqual(['sha256:fast', 'sha256:slow']);
    expect(progress).toEqual([0, 1]);
  });
});
