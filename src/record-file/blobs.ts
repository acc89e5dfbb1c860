// Blobs of a build record file by digest. A gzip'd tar cannot be seeked, so
// a blob not kept from the first pass is streamed by reading the file again
// up to it (record files are small: logs, provenance, trace). Every blob is
// checked against its digest as it streams.
import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { scanArchive, type FileSink } from './archive.js';
import { RecordFileError } from './errors.js';
import { DIGEST_PATTERN } from './layout.js';

/** The archive path of a blob ("blobs/sha256/<hex>"), or undefined for a malformed digest. */
export function blobPathOf(digest: string): string | undefined {
  if (!DIGEST_PATTERN.test(digest)) return undefined;
  const [algorithm, hex] = digest.split(':');
  return `blobs/${algorithm}/${hex}`;
}

/** The digest a blob's archive path stands for, or undefined for other files. */
export function digestOfPath(name: string): string | undefined {
  const match = /^blobs\/(sha256|sha512)\/([0-9a-f]+)$/.exec(name);
  const digest = match ? `${match[1]}:${match[2]}` : undefined;
  return digest && DIGEST_PATTERN.test(digest) ? digest : undefined;
}

/** A hash of the digest's algorithm, to check a blob against it. */
export function hasherFor(digest: string): Hash {
  return createHash(digest.startsWith('sha512:') ? 'sha512' : 'sha256');
}

/** A sink that checks a blob against its digest and hands its bytes on. */
export function verifyingSink(
  digest: string,
  onChunk: (chunk: Buffer) => void | Promise<void>,
  onEnd: (matches: boolean) => void,
): FileSink {
  const hash = hasherFor(digest);
  return {
    onChunk: (chunk) => {
      hash.update(chunk);
      return onChunk(chunk);
    },
    onEnd: () => onEnd(`${digest.slice(0, digest.indexOf(':'))}:${hash.digest('hex')}` === digest),
  };
}

/** Streams one blob out of the file; the stream fails with a RecordFileError when it is absent or damaged. */
export function streamBlob(path: string, digest: string): Readable {
  const name = blobPathOf(digest);
  if (!name) return failed(new RecordFileError('blob-missing', `${JSON.stringify(digest)} is not a blob digest`));
  const out = new PassThrough();
  // Stops reading the file when the consumer goes away early.
  const controller = new AbortController();
  out.once('close', () => controller.abort());
  let outcome: 'absent' | 'ok' | 'mismatch' = 'absent';
  const sink = verifyingSink(
    digest,
    async (chunk) => {
      if (!out.write(chunk)) await once(out, 'drain', { signal: controller.signal });
    },
    (matches) => (outcome = matches ? 'ok' : 'mismatch'),
  );
  scanArchive(path, (file) => (file.name === name ? { ...sink, stopAfter: true } : 'skip'), controller.signal).then(
    () => {
      if (outcome === 'ok') out.end();
      else if (outcome === 'mismatch')
        out.destroy(new RecordFileError('corrupt', `build record file ${path} is damaged: blob ${digest} does not match its digest`));
      else out.destroy(new RecordFileError('blob-missing', `blob ${digest} is not in build record file ${path}`));
    },
    (error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return out;
}

/** A stream that fails at once. */
export function failed(error: Error): Readable {
  const stream = new Readable({ read() {} });
  process.nextTick(() => stream.destroy(error));
  return stream;
}
