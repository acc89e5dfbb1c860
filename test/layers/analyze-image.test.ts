import { describe, expect, test } from 'vitest';
import { analyzeImage, type LayerProgress } from '../../src/layers/index.js';
import { descOf, gzipLayer, streamOf } from './support.js';

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
});
