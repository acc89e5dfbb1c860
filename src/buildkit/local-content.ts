import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { asError } from '../core/errors.js';

// Blobs read straight from a containerd content store directory on this
// machine (blobs/sha256/<hex>) instead of over gRPC. The file is only a
// candidate: its sha256 is computed while it streams and a mismatch ends the
// stream with an error, so a wrong file is never silently analysed. Any
// failure to open it leaves the caller to read the blob over gRPC.

const CHUNK = 256 * 1024;
const SHA256 = /^sha256:([0-9a-f]{64})$/;

/** Content store roots of a local dockerd: its own containerd's, then a system containerd's, then its classic BuildKit store. */
export const DOCKER_CONTENT_DIRS: readonly string[] = [
  '/var/lib/docker/containerd/daemon/io.containerd.content.v1.content',
  '/var/lib/containerd/io.containerd.content.v1.content',
  '/var/lib/docker/buildkit/content',
];

/**
 * Content store roots to try for a builder: BUILDLENS_CONTENT_DIR when set
 * (any driver; empty turns local reads off), else the docker driver's defaults.
 */
export function localContentDirs(driver: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const override = env.BUILDLENS_CONTENT_DIR;
  if (override !== undefined) return override === '' ? [] : [override];
  return driver === 'docker' ? [...DOCKER_CONTENT_DIRS] : [];
}

/** Raised at the end of a local blob whose bytes do not hash to its digest. */
export class BlobDigestMismatchError extends Error {}

/**
 * Opens a blob from the first content store root that holds it as a regular
 * file (of `size` bytes when size > 0); undefined when none does.
 */
export async function openLocalBlob(dirs: readonly string[], digest: string, size = 0): Promise<Readable | undefined> {
  const hex = SHA256.exec(digest)?.[1];
  if (!hex) return undefined;
  for (const dir of dirs) {
    const path = join(dir, 'blobs', 'sha256', hex);
    let handle: FileHandle | undefined;
    try {
      handle = await open(path, 'r');
      const info = await handle.stat();
      if (info.isFile() && (size <= 0 || info.size === size)) return new VerifiedBlobStream(handle, digest, hex, path);
    } catch {
      // Missing, unreadable, not a file: try the next root.
    }
    await handle?.close().catch(() => undefined);
  }
  return undefined;
}

// Reads a file in chunks, hashing each; at the end, pushes EOF only when the
// hash is the digest. As a Readable each chunk is a fresh buffer;
// lendChunks() instead reuses two buffers, for a consumer that is done with a
// chunk before it asks for the next (no garbage per chunk).
class VerifiedBlobStream extends Readable {
  private readonly hash: Hash = createHash('sha256');
  private position = 0;
  private lending = false;

  constructor(
    private readonly handle: FileHandle,
    private readonly digest: string,
    private readonly hex: string,
    private readonly path: string,
  ) {
    super({ highWaterMark: CHUNK });
  }

  override _read(): void {
    this.readInto(Buffer.allocUnsafe(CHUNK)).then(
      (chunk) => {
        if (!this.destroyed) this.push(chunk);
      },
      (error: unknown) => this.destroy(asError(error)),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.handle.close().then(
      () => callback(error),
      () => callback(error),
    );
  }

  /** Yields the blob's bytes in two alternating buffers: a chunk is valid until the next is asked for. Only on a stream not read yet. */
  async *lendChunks(): AsyncGenerator<Buffer> {
    if (this.lending || this.position > 0 || this.readableDidRead) throw new Error('lendChunks() on a blob already being read');
    this.lending = true;
    const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    try {
      // The next chunk is read while the consumer works on this one.
      let pending = this.readInto(buffers[0] as Buffer);
      for (let turn = 1; ; turn++) {
        const chunk = await pending;
        if (!chunk) return;
        pending = this.readInto(buffers[turn % 2] as Buffer);
        // Settled now so it cannot go unhandled if the consumer stops here.
        pending.catch(() => undefined);
        yield chunk;
      }
    } finally {
      this.destroy();
    }
  }

  // The next chunk read into `buffer`, or null at the end once the digest matched.
  private async readInto(buffer: Buffer): Promise<Buffer | null> {
    const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, this.position);
    if (bytesRead === 0) {
      const actual = this.hash.digest('hex');
      if (actual !== this.hex)
        throw new BlobDigestMismatchError(`${this.path} does not hold ${this.digest} (its bytes hash to sha256:${actual})`);
      return null;
    }
    const chunk = buffer.subarray(0, bytesRead);
    this.position += bytesRead;
    this.hash.update(chunk);
    return chunk;
  }
}

/** Opens blobs from local content store roots when they hold them, else with `fallback` (e.g. a gRPC read). */
export function localFirst(
  dirs: readonly string[],
  fallback: (digest: string) => Readable,
): (digest: string, size?: number) => Promise<Readable> {
  if (dirs.length === 0) return async (digest) => fallback(digest);
  return async (digest, size = 0) => (await openLocalBlob(dirs, digest, size)) ?? fallback(digest);
}

/** As localFirst, for a reader that needs the stream at once: it opens when first read. */
export function localFirstStream(dirs: readonly string[], fallback: (digest: string) => Readable): (digest: string) => Readable {
  if (dirs.length === 0) return fallback;
  const open = localFirst(dirs, fallback);
  return (digest) =>
    Readable.from(
      (async function* () {
        yield* await open(digest);
      })(),
      { objectMode: false },
    );
}
