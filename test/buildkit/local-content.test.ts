import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, test } from 'vitest';
import { BlobDigestMismatchError, DOCKER_CONTENT_DIRS, localContentDirs, localFirst, localFirstStream, openLocalBlob } from '../../src/buildkit/local-content.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// A content store root holding `blobs`, each under the hex name given (its own digest unless told otherwise).
function store(blobs: Array<{ bytes: Buffer; hex?: string }>): string {
  const root = mkdtempSync(join(tmpdir(), 'buildlens-content-test-'));
  dirs.push(root);
  mkdirSync(join(root, 'blobs', 'sha256'), { recursive: true });
  for (const blob of blobs) writeFileSync(join(root, 'blobs', 'sha256', blob.hex ?? hexOf(blob.bytes)), blob.bytes);
  return root;
}

const hexOf = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('local content store reads', () => {
  test('the docker driver tries dockerd\'s content stores; other drivers none; BUILDLENS_CONTENT_DIR overrides for any driver, empty turns it off', () => {
    expect(localContentDirs('docker', {})).toEqual([...DOCKER_CONTENT_DIRS]);
    expect(DOCKER_CONTENT_DIRS).toContain('/var/lib/containerd/io.containerd.content.v1.content');
    expect(localContentDirs('docker-container', {})).toEqual([]);
    expect(localContentDirs('remote', { BUILDLENS_CONTENT_DIR: '/srv/content' })).toEqual(['/srv/content']);
    expect(localContentDirs('docker', { BUILDLENS_CONTENT_DIR: '' })).toEqual([]);
  });

  test('a blob whose bytes hash to its digest streams whole, as a Readable and as lent chunks', async () => {
    // Several read chunks, the last one short.
    const bytes = randomBytes(700_000);
    const root = store([{ bytes }]);
    const digest = `sha256:${hexOf(bytes)}`;
    expect(hexOf(await bytesOf((await openLocalBlob([root], digest, bytes.length)) as Readable))).toBe(hexOf(bytes));

    const lending = (await openLocalBlob([root], digest)) as unknown as { lendChunks(): AsyncIterable<Buffer> };
    const copies: Buffer[] = [];
    for await (const chunk of lending.lendChunks()) copies.push(Buffer.from(chunk));
    expect(copies.length).toBeGreaterThan(2);
    expect(hexOf(Buffer.concat(copies))).toBe(hexOf(bytes));
  });

  test('lent chunks reuse two buffers, so each is valid only until the next is asked for', async () => {
    const bytes = randomBytes(900_000);
    const root = store([{ bytes }]);
    const lending = (await openLocalBlob([root], `sha256:${hexOf(bytes)}`)) as unknown as { lendChunks(): AsyncIterable<Buffer> };
    const seen = new Set<ArrayBufferLike>();
    for await (const chunk of lending.lendChunks()) seen.add(chunk.buffer);
    expect(seen.size).toBe(2);
  });

  test('bytes that do not hash to the digest end the stream with an error, after the bytes, never a clean end', async () => {
    const bytes = randomBytes(300_000);
    const wrong = 'ab'.repeat(32);
    const root = store([{ bytes, hex: wrong }]);
    const stream = (await openLocalBlob([root], `sha256:${wrong}`)) as Readable;
    let received = 0;
    stream.on('data', (chunk: Buffer) => (received += chunk.length));
    const error = await new Promise<unknown>((resolve) => {
      stream.on('error', resolve);
      stream.on('end', () => resolve(undefined));
    });
    expect(error).toBeInstanceOf(BlobDigestMismatchError);
    expect(String(error)).toMatch(new RegExp(`does not hold sha256:${wrong} \\(its bytes hash to sha256:${hexOf(bytes)}\\)`));
    expect(received).toBe(bytes.length);

    const lending = (await openLocalBlob([root], `sha256:${wrong}`)) as unknown as { lendChunks(): AsyncIterable<Buffer> };
    await expect((async () => {
      for await (const chunk of lending.lendChunks()) void chunk;
    })()).rejects.toBeInstanceOf(BlobDigestMismatchError);
  });

  test('nothing is opened for a missing blob, another size, a directory, a non-sha256 or malformed digest', async () => {
    const bytes = Buffer.from('layer');
    const hex = hexOf(bytes);
    const root = store([{ bytes }]);
    mkdirSync(join(root, 'blobs', 'sha256', 'cd'.repeat(32)));
    expect(await openLocalBlob([root], `sha256:${'ef'.repeat(32)}`)).toBeUndefined();
    expect(await openLocalBlob([root], `sha256:${hex}`, bytes.length + 1)).toBeUndefined();
    expect(await openLocalBlob([root], `sha256:${'cd'.repeat(32)}`)).toBeUndefined();
    expect(await openLocalBlob([root], `sha512:${hex}`)).toBeUndefined();
    expect(await openLocalBlob([root], 'sha256:../../../etc/passwd')).toBeUndefined();
    expect(await openLocalBlob([root], `sha256:${hex.toUpperCase()}`)).toBeUndefined();
  });

  test('roots are tried in order; the first that holds the blob serves it', async () => {
    const bytes = Buffer.from('second root');
    const empty = store([]);
    const root = store([{ bytes }]);
    const stream = await openLocalBlob([join(empty, 'missing'), empty, root], `sha256:${hexOf(bytes)}`);
    expect(await bytesOf(stream as Readable)).toEqual(bytes);
  });

  test('localFirst reads a local blob without the fallback, and falls back for a blob it does not hold or without roots', async () => {
    const bytes = Buffer.from('local');
    const root = store([{ bytes }]);
    const fallbacks: string[] = [];
    const fallback = (digest: string): Readable => {
      fallbacks.push(digest);
      return Readable.from([Buffer.from('over grpc')]);
    };
    const open = localFirst([root], fallback);
    expect(await bytesOf(await open(`sha256:${hexOf(bytes)}`, bytes.length))).toEqual(bytes);
    expect(fallbacks).toEqual([]);
    const absent = `sha256:${'12'.repeat(32)}`;
    expect((await bytesOf(await open(absent, 10))).toString()).toBe('over grpc');
    expect(fallbacks).toEqual([absent]);
    expect((await bytesOf(await localFirst([], fallback)(`sha256:${hexOf(bytes)}`))).toString()).toBe('over grpc');
  });

  test('a stream opened at once reads the local file when the store has the blob, else the fallback, and carries a mismatch as its error', async () => {
    const here = randomBytes(300_000);
    const wrong = randomBytes(1000);
    const root = store([{ bytes: here }, { bytes: wrong, hex: hexOf(Buffer.from('expected')) }]);
    const fallbackAsked: string[] = [];
    const read = localFirstStream([root], (digest) => {
      fallbackAsked.push(digest);
      return Readable.from([Buffer.from('from the builder')]);
    });
    expect(hexOf(await bytesOf(read(`sha256:${hexOf(here)}`)))).toBe(hexOf(here));
    expect((await bytesOf(read(`sha256:${'0'.repeat(64)}`))).toString()).toBe('from the builder');
    expect(fallbackAsked).toEqual([`sha256:${'0'.repeat(64)}`]);
    await expect(bytesOf(read(`sha256:${hexOf(Buffer.from('expected'))}`))).rejects.toBeInstanceOf(BlobDigestMismatchError);
    expect(localFirstStream([], (digest) => Readable.from([digest]))('sha256:x')).toBeInstanceOf(Readable);
  });
});
