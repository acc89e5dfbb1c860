import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';

// Measures a layer blob's uncompressed size by streaming it through gunzip:
// nothing is buffered beyond zlib's window, nothing touches the disk.

/** Uncompressed byte count of a gzip (or plain tar) layer blob. */
export async function measureUncompressed(blob: Readable, mediaType: string): Promise<number> {
  let total = 0;
  const counter = new Writable({
    highWaterMark: 1024 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      callback();
    },
  });
  if (/gzip/.test(mediaType)) await pipeline(blob, createGunzip({ chunkSize: 256 * 1024 }), counter);
  else await pipeline(blob, counter);
  return total;
}
