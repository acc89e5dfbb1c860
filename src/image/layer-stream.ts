import { createHash } from 'node:crypto';
import { PassThrough, Transform, pipeline, type Readable } from 'node:stream';
import { decompressor, type LayerCompression } from '../layers/decompress.js';
import { errorMessage } from '../core/errors.js';
import { ImageUnreadableError } from './errors.js';

// A layer blob as its uncompressed tar: the blob's bytes are hashed as they
// pass (a sha256 digest that does not match ends the stream with an error,
// so a damaged blob is never analysed as if whole), then decompressed. Any
// failure on the way (truncated gzip, bad zstd frame, digest mismatch,
// read error) reaches the reader as one ImageUnreadableError naming the layer.

/** Raised at the end of a blob whose bytes do not hash to its digest. */
export class DigestMismatchError extends Error {}

/** A Transform that passes bytes through and fails at the end unless there are `size` of them (when known) hashing to `digest` (sha256; others are not hashed). */
export function verifyDigest(digest: string, size = 0): Transform {
  const hex = /^sha256:([0-9a-f]{64})$/.exec(digest)?.[1];
  const hash = hex ? createHash('sha256') : undefined;
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash?.update(chunk);
      seen += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      if (size > 0 && seen !== size) {
        callback(new DigestMismatchError(`the blob has ${seen} bytes where its manifest says ${size}`));
        return;
      }
      const actual = hash?.digest('hex');
      callback(
        actual === undefined || actual === hex ? null : new DigestMismatchError(`its bytes hash to sha256:${actual}, not ${digest}`),
      );
    },
  });
}

/** The uncompressed tar of a layer blob of `size` bytes (0: unknown); `label` names the layer in errors ("layer 3 (sha256:…) of docker-archive:x.tar"). */
export function uncompressedTar(blob: Readable, digest: string, size: number, compression: LayerCompression, label: string): Readable {
  const out = new PassThrough({ highWaterMark: 1024 * 1024 });
  const verify = verifyDigest(digest, size);
  const inflate = decompressor(compression);
  let failed = false;
  const settle = (error: Error | null): void => {
    if (!error || out.destroyed) return;
    failed = true;
    out.destroy(new ImageUnreadableError(`${label} is corrupt or truncated: ${describe(error)}`, { cause: error }));
  };
  // `out` stays outside the pipeline: a failure reaches it once, as the error above, not as the raw one.
  if (inflate) pipeline(blob, verify, inflate, settle).pipe(out);
  else pipeline(blob, verify, settle).pipe(out);
  // A reader that stops early stops the blob read too.
  out.on('close', () => {
    if (!failed && !out.readableEnded) blob.destroy();
  });
  return out;
}

function describe(error: unknown): string {
  const message = errorMessage(error);
  if (/unexpected end of file/i.test(message)) return 'the compressed stream ends early';
  return message;
}
