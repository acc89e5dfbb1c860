import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, test } from 'vitest';
import { localFirst } from '../../src/buildkit/local-content.js';
import { analyzeImage, analyzeLayer, LayerFactsCache } from '../../src/layers/index.js';
import { descOf, GZIP, gzipLayer, streamOf, TAR, tarOf } from './support.js';

// Layers read from a local content store: the analysis is the one a gRPC
// read gives, and a file that does not hold its digest is a note, never data.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'buildlens-local-layers-test-'));
  dirs.push(dir);
  return dir;
}

const digestOf = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

function storeAt(root: string, digest: string, bytes: Buffer): void {
  mkdirSync(join(root, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(root, 'blobs', 'sha256', digest.slice('sha256:'.length)), bytes);
}

const noGrpc = (digest: string): Readable => {
  throw new Error(`no gRPC read expected (${digest})`);
};

const entries = [
  { name: 'app/package.json', content: '{"devDependencies":{"vitest":"1"}}' },
  { name: 'app/big.bin', size: 600_000 },
  ...Array.from({ length: 300 }, (_, i) => ({ name: `app/lib/f${i}.js`, size: 100 + i })),
  { name: 'app/.wh.old' },
];

describe('layers read from a local content store', () => {
  test('a verified local blob gives the same analysis as the same blob streamed, and is cached', async () => {
    const blob = await gzipLayer(entries);
    const digest = digestOf(blob);
    const root = tempDir();
    storeAt(root, digest, blob);
    const cacheDir = tempDir();
    const image = await analyzeImage([descOf(digest, GZIP, blob.length)], localFirst([root], noGrpc), { cache: new LayerFactsCache(cacheDir) });
    const streamed = await analyzeLayer(streamOf(blob), descOf(digest, GZIP, blob.length));
    expect(image.layers[0]).toEqual(streamed.facts);
    expect(image.layers[0]?.notes).toEqual([]);
    expect(readdirSync(cacheDir)).toHaveLength(1);
  });

  test('the same holds when the media type names no compression and the first bytes decide', async () => {
    const blob = await gzipLayer(entries);
    const digest = digestOf(blob);
    const root = tempDir();
    storeAt(root, digest, blob);
    const image = await analyzeImage([descOf(digest, 'application/octet-stream', blob.length)], localFirst([root], noGrpc));
    expect(image.layers[0]).toMatchObject({ files: 302, notes: [] });
  });

  test('a local file that does not hold its digest ends the analysis with a note, and the layer is not cached', async () => {
    const cacheDir = tempDir();
    const root = tempDir();
    const blob = await gzipLayer(entries);
    const claimed = digestOf(Buffer.from('another layer'));
    storeAt(root, claimed, blob);
    // Valid gzip followed by zeros: the decompressor stops early, the digest check still runs to the end.
    const padded = Buffer.concat([await gzipLayer([{ name: 'x', size: 10 }]), Buffer.alloc(4096)]);
    const claimedPadded = digestOf(Buffer.from('yet another layer'));
    storeAt(root, claimedPadded, padded);
    const uncompressed = await tarOf([{ name: 'y', size: 10 }]);
    const claimedTar = digestOf(Buffer.from('a third layer'));
    storeAt(root, claimedTar, uncompressed);

    const layers = [descOf(claimed, GZIP, blob.length), descOf(claimedPadded, GZIP, padded.length), descOf(claimedTar, TAR, uncompressed.length)];
    const image = await analyzeImage(layers, localFirst([root], noGrpc), { cache: new LayerFactsCache(cacheDir) });
    for (const [i, layer] of image.layers.entries()) {
      expect(layer.notes.join(' '), `layer ${i}`).toMatch(new RegExp(`could not be read to the end \\(.*does not hold ${layers[i]?.digest}`));
    }
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  test('a blob the local store does not hold is read with the fallback', async () => {
    const blob = await gzipLayer([{ name: 'etc/hostname', size: 12 }]);
    const digest = digestOf(blob);
    const read: string[] = [];
    const image = await analyzeImage([descOf(digest, GZIP, blob.length)], localFirst([tempDir()], (d) => {
      read.push(d);
      return streamOf(blob);
    }));
    expect(read).toEqual([digest]);
    expect(image.layers[0]).toMatchObject({ files: 1, addedBytes: 12, notes: [] });
  });

  test('a stored blob corrupted in the middle (zeros over 64 KiB) ends in a note, never a hang', async () => {
    const blob = await gzipLayer([{ name: 'r.bin', content: randomBytes(4 * 1024 * 1024) }, { name: 's.txt', content: 'small' }]);
    const digest = digestOf(blob);
    const corrupt = Buffer.from(blob);
    corrupt.fill(0, corrupt.length >> 1, (corrupt.length >> 1) + 65536);
    const root = tempDir();
    storeAt(root, digest, corrupt);
    const image = await analyzeImage([descOf(digest, GZIP, blob.length)], localFirst([root], noGrpc), { cache: new LayerFactsCache(tempDir()) });
    expect(image.layers[0]?.notes.join('\n')).toMatch(/could not be read to the end \((invalid|.*does not hold)/);
  }, 10_000);
});

describe('lent chunks', () => {
  // A blob that lends one buffer and scribbles over it as soon as the next chunk is asked for.
  function lendingBlob(bytes: Buffer, chunk = 4096): Readable & { lent: number } {
    const blob = Object.assign(new Readable({ read() { throw new Error('read as a Readable'); } }), {
      lent: 0,
      async *lendChunks(): AsyncGenerator<Buffer> {
        const buffer = Buffer.alloc(chunk);
        for (let at = 0; at < bytes.length; at += chunk) {
          const piece = bytes.subarray(at, at + chunk);
          piece.copy(buffer);
          blob.lent++;
          yield buffer.subarray(0, piece.length);
          buffer.fill(0xff);
        }
      },
    });
    return blob;
  }

  test('a gzip layer is fed from lent chunks, each consumed before the next is asked for', async () => {
    const blob = await gzipLayer(entries);
    const lending = lendingBlob(blob);
    const { facts } = await analyzeLayer(lending, descOf('sha256:lent', GZIP, blob.length));
    expect(lending.lent).toBe(Math.ceil(blob.length / 4096));
    expect(facts).toEqual((await analyzeLayer(streamOf(blob), descOf('sha256:lent', GZIP, blob.length))).facts);
  });

  test('an error from the lender ends the walk with a note', async () => {
    const blob = await gzipLayer(entries);
    const failing = Object.assign(new Readable({ read() {} }), {
      async *lendChunks(): AsyncGenerator<Buffer> {
        yield blob.subarray(0, 1000);
        throw new Error('disk went away');
      },
    });
    const analysis = await analyzeLayer(failing, descOf('sha256:fails', GZIP, blob.length));
    expect(analysis.complete).toBe(false);
    expect(analysis.facts.notes.join(' ')).toMatch(/could not be read to the end \(disk went away\)/);
  });
});
