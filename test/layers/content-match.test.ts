import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { analyzeImage, findContents, type LayerIndex } from '../../src/layers/index.js';
import { descOf, gzipLayer, streamOf } from './support.js';

// Files found by content (size and SHA-256), as the search for a build's
// secrets does: only layers holding a file of a wanted size are read again,
// and only files of a wanted size are hashed.

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const SECRET = 'tok-3f9a7c1e-secret-value\n';
const wanted = [{ size: Buffer.byteLength(SECRET), sha256: sha256(SECRET) }];

// Real gzip layers packed by tar-stream, their indexes from the real analysis, and an opener that counts.
async function image(layers: Array<Array<{ name: string; content?: string; size?: number; type?: 'file' | 'symlink'; linkname?: string }>>) {
  const blobs = new Map<string, Buffer>();
  for (const [i, entries] of layers.entries()) blobs.set(`sha256:layer${i}`, await gzipLayer(entries));
  const descriptors = layers.map((_, i) => descOf(`sha256:layer${i}`));
  let indexes: readonly LayerIndex[] = [];
  await analyzeImage(descriptors, (digest) => streamOf(blobs.get(digest) ?? Buffer.alloc(0)), { onIndexes: (read) => (indexes = read) });
  const opened: string[] = [];
  const open = (digest: string) => {
    opened.push(digest);
    return streamOf(blobs.get(digest) ?? Buffer.alloc(0));
  };
  return { descriptors, indexes, open, opened };
}

describe('findContents', () => {
  test('finds the file with the wanted bytes in any layer, by layer and path, and no look-alike of the same size', async () => {
    const sameSize = 'x'.repeat(Buffer.byteLength(SECRET));
    const built = await image([
      [{ name: 'bin/sh', size: 5000 }],
      [{ name: 'x', content: SECRET }, { name: 'app/other.txt', content: sameSize }],
      [{ name: 'etc/copy', content: SECRET }, { name: 'etc/link', type: 'symlink', linkname: '/x' }],
    ]);
    const search = await findContents(built.descriptors, built.indexes, built.open, wanted);
    expect(search).toEqual({
      matches: [
        { layer: 1, path: 'x', wanted: 0 },
        { layer: 2, path: 'etc/copy', wanted: 0 },
      ],
      unread: [],
    });
  });

  test('a layer with no file of a wanted size is never opened again', async () => {
    const built = await image([[{ name: 'bin/sh', size: 5000 }], [{ name: 'app/main.js', content: 'console.log(1)\n' }], [{ name: 'x', content: SECRET }]]);
    await findContents(built.descriptors, built.indexes, built.open, wanted);
    expect(built.opened).toEqual(['sha256:layer2']);
  });

  test('nothing wanted, nothing read', async () => {
    const built = await image([[{ name: 'x', content: SECRET }]]);
    expect(await findContents(built.descriptors, built.indexes, built.open, [])).toEqual({ matches: [], unread: [] });
    expect(built.opened).toEqual([]);
  });

  test('a layer that cannot be read to the end is named as unread, with what was found before the damage', async () => {
    const built = await image([[{ name: 'x', content: SECRET }, { name: 'big', size: 400_000 }]]);
    const whole = await gzipLayer([{ name: 'x', content: SECRET }, { name: 'big', size: 400_000 }]);
    const truncated = () => streamOf(whole.subarray(0, Math.floor(whole.length / 2)));
    const search = await findContents(built.descriptors, built.indexes, truncated, wanted);
    expect(search.unread).toEqual([0]);
    expect(search.matches).toEqual([{ layer: 0, path: 'x', wanted: 0 }]);
  });
});
