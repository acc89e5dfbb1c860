import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { analyzeLayer } from '../../src/layers/index.js';
import { DOCKER_GZIP, TAR, ZSTD, descOf, gzipLayer, streamOf, tarOf, zstdLayer } from './support.js';

describe('analyzeLayer', () => {
  test('counts files, bytes and the real uncompressed tar size, and finds whiteouts and opaque dirs', async () => {
    const tar = await tarOf([
      { name: 'app/', type: 'directory' },
      { name: 'app/a.bin', size: 1000 },
      { name: './app/b.txt', content: 'hello' },
      { name: 'app/.wh.old.txt' },
      { name: '.wh.tmp' },
      { name: 'var/cache/.wh..wh..opq' },
      { name: 'app/hard', type: 'link', linkname: 'app/a.bin' },
      { name: 'app/soft', type: 'symlink', linkname: '../etc/passwd' },
    ]);
    const { facts, index, complete } = await analyzeLayer(streamOf(gzipSync(tar)), descOf('sha256:l1', DOCKER_GZIP, 42));
    expect(complete).toBe(true);
    expect(facts).toMatchObject({ digest: 'sha256:l1', mediaType: DOCKER_GZIP, size: 42, uncompressedSize: tar.length, files: 4, addedBytes: 1005 });
    expect(facts.deletions).toEqual(['app/old.txt', 'tmp']);
    expect(facts.opaqueDirs).toEqual(['var/cache']);
    expect(index.files.get('app/hard')).toBe(0);
    expect(index.files.has('app/.wh.old.txt')).toBe(false);
    expect([...index.dirs]).toEqual(['app']);
    expect(facts.notes).toEqual([]);
  });

  test('a symlink loop is recorded, never followed', async () => {
    const blob = await gzipLayer([
      { name: 'loop/a', type: 'symlink', linkname: 'b' },
      { name: 'loop/b', type: 'symlink', linkname: 'a' },
      { name: 'loop/self', type: 'symlink', linkname: '.' },
    ]);
    const { facts } = await analyzeLayer(streamOf(blob), descOf('sha256:loop'));
    expect(facts.files).toBe(3);
    expect(facts.addedBytes).toBe(0);
  });

  test('names escaping the root are skipped with a note; absolute, dotted and 300-character names are normalised', async () => {
    const long = `${'d'.repeat(150)}/${'f'.repeat(149)}`;
    const blob = await gzipLayer([
      { name: '../../etc/passwd', content: 'x' },
      { name: 'a/../../escape', content: 'x' },
      { name: '/abs/file', content: 'yy' },
      { name: './x/./y/../z', content: 'zzz' },
      { name: long, content: 'q' },
    ]);
    const { facts, index } = await analyzeLayer(streamOf(blob), descOf('sha256:names'));
    expect(long.length).toBe(300);
    expect([...index.files.keys()].sort()).toEqual(['abs/file', `${'d'.repeat(150)}/${'f'.repeat(149)}`, 'x/z'].sort());
    expect(facts.notes).toHaveLength(2);
    expect(facts.notes.join('\n')).toMatch(/escapes the image root: "\.\.\/\.\.\/etc\/passwd"/);
    expect(facts.files).toBe(3);
  });

  test('a truncated gzip blob yields what was read before the cut, with a note', async () => {
    const blob = await gzipLayer([{ name: 'first', content: Buffer.from(randomish(40_000)) }, { name: 'second', content: Buffer.from(randomish(40_000)) }]);
    const { facts, complete } = await analyzeLayer(streamOf(blob.subarray(0, blob.length - 20_000)), descOf('sha256:cut'));
    expect(complete).toBe(false);
    expect(facts.notes.join(' ')).toMatch(/could not be read to the end/);
    expect(facts.files).toBeGreaterThanOrEqual(1);
    expect(facts.largestFiles[0]?.path).toBe('first');
    expect(facts.uncompressedSize).toBeGreaterThan(40_000);
  });

  test('a tar cut in the middle of a file, inside an intact stream, is reported', async () => {
    const tar = await tarOf([{ name: 'a', size: 10_000 }]);
    const { facts, complete } = await analyzeLayer(streamOf(tar.subarray(0, 5_000)), descOf('sha256:cuttar', TAR));
    expect(complete).toBe(false);
    expect(facts.notes.join(' ')).toMatch(/could not be read to the end/);
    expect(facts.uncompressedSize).toBe(5_000);
  });

  test('garbage, whatever its media type says, gives notes and no files', async () => {
    for (const mediaType of [DOCKER_GZIP, ZSTD, TAR]) {
      const { facts, complete } = await analyzeLayer(streamOf(Buffer.from('this is not a layer at all, just some text that goes on '.repeat(20))), descOf('sha256:junk', mediaType));
      expect(complete, mediaType).toBe(false);
      expect(facts.files, mediaType).toBe(0);
      expect(facts.notes.length, mediaType).toBe(1);
    }
  });

  test('a blob stream that fails mid-way gives what was read and a note', async () => {
    const blob = await gzipLayer([{ name: 'a', size: 100_000 }]);
    const failing = new Readable({
      read() {
        this.push(blob.subarray(0, 1000));
        this.destroy(new Error('content Read: connection reset'));
      },
    });
    const { facts } = await analyzeLayer(failing, descOf('sha256:reset'));
    expect(facts.notes.join(' ')).toContain('connection reset');
  });

  test('an uncompressed tar and a gzip blob with a media type naming no compression are both read, by their first bytes', async () => {
    const entries = [{ name: 'etc/hostname', content: 'box' }];
    const plain = await analyzeLayer(streamOf(await tarOf(entries)), descOf('sha256:plain', TAR));
    const sniffed = await analyzeLayer(streamOf(await gzipLayer(entries)), descOf('sha256:sniffed', 'application/octet-stream'));
    for (const { facts } of [plain, sniffed]) {
      expect(facts.files).toBe(1);
      expect(facts.addedBytes).toBe(3);
      expect(facts.notes).toEqual([]);
    }
  });

  test('a zstd blob (made by the zstd CLI) is decompressed as it streams', async () => {
    const entries = [{ name: 'usr/share/doc/x/README', size: 300_000 }, { name: 'bin/tool', content: 'binary' }];
    const tar = await tarOf(entries);
    const { facts } = await analyzeLayer(streamOf(await zstdLayer(entries), 1000), descOf('sha256:zstd', ZSTD));
    expect(facts).toMatchObject({ files: 2, addedBytes: 300_006, uncompressedSize: tar.length, notes: [] });
    expect(facts.categories).toEqual([{ category: 'docs', bytes: 300_000, files: 1, paths: ['usr/share/doc/x/README'] }]);
  });

  test('a truncated zstd blob gives a note, not a throw', async () => {
    const blob = await zstdLayer([{ name: 'a', content: Buffer.from(randomish(50_000)) }]);
    const { facts, complete } = await analyzeLayer(streamOf(blob.subarray(0, blob.length - 100)), descOf('sha256:zcut', ZSTD));
    expect(complete).toBe(false);
    expect(facts.notes.join(' ')).toMatch(/zstd/);
  });

  test('largest files and directories are the top 20, directories summing every file under them', async () => {
    const entries = Array.from({ length: 30 }, (_, i) => ({ name: `d${i % 3}/sub/f${i}`, size: 100 + i }));
    const { facts } = await analyzeLayer(streamOf(await gzipLayer(entries)), descOf('sha256:top'));
    expect(facts.largestFiles).toHaveLength(20);
    expect(facts.largestFiles[0]).toEqual({ path: 'd2/sub/f29', size: 129 });
    expect(facts.largestFiles[19]).toEqual({ path: 'd1/sub/f10', size: 110 });
    const sum = (d: number): number => entries.filter((e) => e.name.startsWith(`d${d}/`)).reduce((a, e) => a + e.size, 0);
    expect(facts.largestDirs.slice(0, 2)).toEqual([
      { path: 'd2', size: sum(2) },
      { path: 'd2/sub', size: sum(2) },
    ]);
    expect(facts.largestDirs).toHaveLength(6);
  });

  test('an aborted read rejects with the abort reason instead of returning partial facts', async () => {
    const controller = new AbortController();
    const endless = new Readable({
      read() {
        this.push(Buffer.alloc(64 * 1024));
        controller.abort(new Error('user pressed ctrl-c'));
      },
    });
    await expect(analyzeLayer(endless, descOf('sha256:abort', TAR), { signal: controller.signal })).rejects.toThrow(/ctrl-c|abort/i);
  });
});

// Incompressible-enough bytes, so a cut at the end of a gzip blob lands inside file data.
function randomish(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = 2463534242;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
