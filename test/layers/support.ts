import { execFileSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { pack, type Header } from 'tar-stream';

// Builds real tar (and gzip, zstd) layer blobs in memory for tests, with
// tar-stream's own packer: nothing here is hand-written tar.

/** One entry to pack: a file with content or size, a directory, a link. */
export interface Entry {
  name: string;
  content?: string | Buffer;
  size?: number;
  type?: Header['type'];
  linkname?: string;
}

/** A tar stream of the entries, as bytes. */
export async function tarOf(entries: Entry[]): Promise<Buffer> {
  const p = pack();
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    p.on('data', (c: unknown) => {
      if (c instanceof Uint8Array) chunks.push(Buffer.from(c));
    });
    p.on('end', () => resolve(Buffer.concat(chunks)));
    p.on('error', reject);
  });
  for (const e of entries) {
    const type = e.type ?? 'file';
    if (type === 'file') {
      const body = e.content !== undefined ? Buffer.from(e.content) : Buffer.alloc(e.size ?? 0);
      p.entry({ name: e.name, type, size: body.length }, body);
    } else {
      p.entry({ name: e.name, type, ...(e.linkname ? { linkname: e.linkname } : {}) });
    }
  }
  p.finalize();
  return done;
}

/** A gzip layer blob of the entries. */
export async function gzipLayer(entries: Entry[]): Promise<Buffer> {
  return gzipSync(await tarOf(entries));
}

/** A zstd layer blob of the entries, compressed by the zstd CLI (apt package zstd). */
export async function zstdLayer(entries: Entry[]): Promise<Buffer> {
  return execFileSync('zstd', ['-q', '-c', '-3'], { input: await tarOf(entries), maxBuffer: 256 * 1024 * 1024 });
}

/** A readable over bytes, in small chunks to exercise streaming across entry boundaries. */
export function streamOf(bytes: Buffer, chunk = 7919): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  return Readable.from(parts);
}

export const GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const DOCKER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
export const ZSTD = 'application/vnd.oci.image.layer.v1.tar+zstd';
export const TAR = 'application/vnd.oci.image.layer.v1.tar';

/** A descriptor for a test blob. */
export function descOf(digest: string, mediaType = GZIP, size = 0): { digest: string; mediaType: string; size: number } {
  return { digest, mediaType, size };
}
