import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { pack, type Header } from 'tar-stream';

// Builds real tar (and gzip) layer blobs in memory for tests.

/** One entry to pack: a file with content or size, a directory, a link. */
export type Entry = { name: string; content?: string | Buffer; size?: number; type?: Header['type']; linkname?: string };

/** A tar stream of the entries, as bytes. */
export async function tarOf(entries: Entry[]): Promise<Buffer> {
  const p = pack();
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    p.on('data', (c: unknown) => {
      if (Buffer.isBuffer(c)) chunks.push(c);
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

/** A readable over bytes, in small chunks to exercise streaming. */
export function streamOf(bytes: Buffer, chunk = 7919): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  return Readable.from(parts);
}

export const GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
