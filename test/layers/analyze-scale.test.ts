import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createGzip } from 'node:zlib';
import { pack } from 'tar-stream';
import { describe, expect, test } from 'vitest';
import { analyzeLayer } from '../../src/layers/index.js';
import { descOf, gzipLayer, streamOf } from './support.js';

// A real gc() lets the test measure what is retained, not garbage not yet collected.
setFlagsFromString('--expose-gc');
const collected: unknown = runInNewContext('gc');
function retainedArrayBuffers(): number {
  if (typeof collected === 'function') collected();
  return process.memoryUsage().arrayBuffers;
}

describe('analyzeLayer at scale', () => {
  test('a 50 MB file streams through pack, gzip and the analysis without being held in memory', async () => {
    const size = 50 * 1024 * 1024;
    const tar = pack();
    const sink = tar.entry({ name: 'opt/big.bin', size });
    const before = retainedArrayBuffers();
    let peak = 0;
    // Written in 1 MiB pieces; every 8 MiB, what is still held after a collection is sampled.
    void (async () => {
      const piece = Buffer.alloc(1024 * 1024);
      for (let written = piece.length; written < size; written += piece.length) {
        if (!sink.write(piece)) await new Promise<void>((resolve) => sink.once('drain', () => resolve()));
        if (written % (8 * 1024 * 1024) === 0) peak = Math.max(peak, retainedArrayBuffers() - before);
      }
      sink.end(piece);
      tar.finalize();
    })();
    const gzip = createGzip({ level: 1 });
    let compressed = 0;
    const blob = Readable.from(tar).pipe(gzip);
    blob.on('data', (chunk: Buffer) => (compressed += chunk.length));
    const { facts } = await analyzeLayer(blob, descOf('sha256:big'));
    expect(facts).toMatchObject({ files: 1, addedBytes: size, notes: [] });
    // 512-byte header + content + two 512-byte end blocks, padded to tar-stream's record.
    expect(facts.uncompressedSize).toBeGreaterThanOrEqual(size + 1536);
    expect(facts.uncompressedSize).toBeLessThan(size + 20 * 1024);
    expect(facts.largestFiles).toEqual([{ path: 'opt/big.bin', size }]);
    expect(compressed).toBeLessThan(size / 100);
    // Holding the file would retain tens of MiB by the later samples; streaming holds a few buffers.
    expect(peak).toBeLessThan(12 * 1024 * 1024);
  });

  test('100 000 tiny files complete with every file counted', async () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => ({ name: `srv/d${i % 100}/f${i}`, content: 'x' }));
    const { facts, index } = await analyzeLayer(streamOf(await gzipLayer(entries), 1 << 20), descOf('sha256:many'));
    expect(facts.files).toBe(100_000);
    expect(facts.addedBytes).toBe(100_000);
    expect(index.files.size).toBe(100_000);
    expect(facts.largestDirs[0]).toEqual({ path: 'srv', size: 100_000 });
    expect(facts.largestDirs[1]).toEqual({ path: 'srv/d0', size: 1000 });
  }, 60_000);
});
