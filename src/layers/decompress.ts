import { createGunzip } from 'node:zlib';
import { Transform } from 'node:stream';
import { Decompress } from 'fzstd';
import { errorMessage } from '../core/errors.js';

// The decompression stage of a layer blob. The media type decides; when it
// names no compression the first bytes do, since some exporters label
// compressed blobs loosely. zlib gets large output chunks: throughput is
// dominated by per-chunk overhead downstream.

const CHUNK = 1024 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

/** A layer blob's compression. */
export type LayerCompression = 'gzip' | 'zstd' | 'none';

/** The compression a media type names, or undefined when it names none. */
export function compressionOfMediaType(mediaType: string): LayerCompression | undefined {
  if (/[.+]gzip$|[.+]gz$|tar\.gzip/.test(mediaType)) return 'gzip';
  if (/[.+]zstd$|[.+]zst$/.test(mediaType)) return 'zstd';
  return undefined;
}

/** The compression the first bytes of a blob show. */
export function compressionOfMagic(head: Uint8Array): LayerCompression {
  if (GZIP_MAGIC.every((byte, i) => head[i] === byte)) return 'gzip';
  if (ZSTD_MAGIC.every((byte, i) => head[i] === byte)) return 'zstd';
  return 'none';
}

/** A Transform that decompresses, or undefined for an uncompressed tar. */
export function decompressor(compression: LayerCompression): Transform | undefined {
  if (compression === 'gzip') return createGunzip({ chunkSize: CHUNK });
  if (compression === 'zstd') return zstdTransform();
  return undefined;
}

// fzstd is push-based with a callback per decoded block; wrap it as a Transform.
function zstdTransform(): Transform {
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(attempt(() => zstd.push(chunk)));
    },
    flush(callback) {
      callback(attempt(() => zstd.push(new Uint8Array(0), true)));
    },
  });
  const zstd = new Decompress((block) => {
    if (block.byteLength > 0) stream.push(Buffer.from(block.buffer, block.byteOffset, block.byteLength));
  });
  return stream;
}

function attempt(work: () => void): Error | null {
  try {
    work();
    return null;
  } catch (error) {
    return new Error(`zstd: ${errorMessage(error)}`, { cause: error });
  }
}
