import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract, type ExtractEvents, type Header } from 'tar-stream';
import { compressionOfMagic, compressionOfMediaType, decompressor } from './decompress.js';
import { normalizeTarPath } from './tar-path.js';
import { asError, errorMessage } from '../core/errors.js';

// Streams a layer blob through decompression and a tar parser, handing each
// entry's header to a visitor. File contents are drained, never kept, except
// where the visitor asks for a small file's bytes, or hands a sink (a hash)
// that takes the content chunk by chunk. Bad data never throws: the walk ends
// with what was read and a note saying what went wrong.

/** One tar entry with its name normalised (entries whose names escape the root never reach a visitor). */
export interface TarEntry {
  path: string;
  /** Null for types tar-stream does not know (e.g. GNU sparse), whatever its typings say. */
  type: Header['type'] | null;
  /** Size from the header: content bytes stored in the tar (0 for links and directories). */
  size: number;
}

/** Takes one entry's content as it streams (e.g. a hash), so no file is ever held whole. */
export interface ContentSink {
  write(chunk: Buffer): void;
  /** The entry's content ended (not called when the walk fails mid-entry). */
  end(): void;
}

/** Visitor of a walk: returns a byte budget to capture the entry's content (0 to skip it), or a sink to stream it to. */
export type EntryVisitor = (entry: TarEntry) => number | ContentSink;

/** Result of a walk. */
export interface WalkResult {
  /** Bytes of the decompressed stream, i.e. the tar's own size. */
  uncompressedBytes: number;
  /** Contents the visitor asked for, by path. */
  captured: Map<string, Buffer>;
  notes: string[];
  /** False when the blob could not be read to its end (truncated, corrupt, stream error). */
  complete: boolean;
}

type EntryStream = ExtractEvents['entry'][1];

/** Options of a walk. */
export interface WalkOpts {
  signal?: AbortSignal;
}

/** A blob that can lend its chunks: each is valid only until the next is asked for. */
export interface LendingBlob {
  lendChunks(): AsyncIterable<Buffer>;
}

function isLending(blob: Readable): blob is Readable & LendingBlob {
  return typeof (blob as Partial<LendingBlob>).lendChunks === 'function';
}

/** Walks every entry of a layer blob. */
export async function walkLayer(blob: Readable, mediaType: string, visit: EntryVisitor, opts: WalkOpts = {}): Promise<WalkResult> {
  const result: WalkResult = { uncompressedBytes: 0, captured: new Map(), notes: [], complete: true };
  const tar = extract();
  tar.on('entry', (header, stream, next) => {
    // A corrupt blob destroys the entry being read with the same error the walk reports.
    stream.on('error', () => undefined);
    const path = normalizeTarPath(header.name);
    if (path === undefined) {
      result.notes.push(`skipped an entry whose name escapes the image root: ${JSON.stringify(header.name.slice(0, 200))}`);
    }
    const size = header.size;
    const wanted = path === undefined || path === '' ? 0 : visit({ path, type: header.type, size });
    if (typeof wanted === 'object') sink(stream, wanted, next);
    else if (path !== undefined && wanted > 0 && size <= wanted) capture(stream, (bytes) => result.captured.set(path, bytes), next);
    else {
      stream.on('end', () => next());
      stream.resume();
    }
  });

  const named = compressionOfMediaType(mediaType);
  const compression = named ?? compressionOfMagic(await peekHead(blob));
  const inflate: Transform | undefined = decompressor(compression);
  const tarInput = inflate ?? blob;
  tarInput.on('data', (chunk: Buffer) => (result.uncompressedBytes += chunk.length));
  // Streams may report one corruption twice; the pipeline takes the first, these swallow the echoes.
  inflate?.on('error', () => undefined);
  tar.on('error', () => undefined);
  try {
    const signal = opts.signal ? { signal: opts.signal } : {};
    // zlib is done with a chunk when its write calls back, so a lent chunk can be reused after it.
    if (inflate && compression === 'gzip' && named && isLending(blob)) await pumpLent(blob, inflate, tar, signal);
    else if (inflate) await pipeline(blob, inflate, tar, signal);
    else await pipeline(blob, tar, signal);
  } catch (error) {
    if (opts.signal?.aborted) throw error;
    const message = errorMessage(error);
    result.notes.push(
      `layer could not be read to the end (${message}); the analysis covers the ${result.uncompressedBytes} tar bytes read`,
    );
    result.complete = false;
    blob.destroy();
  }
  return result;
}

// Writes lent chunks into the decompressor one at a time, each only after the
// previous was consumed. The lender's own error (e.g. a digest mismatch at
// its end) fails the walk even when the decompressor finished before it.
async function pumpLent(
  blob: LendingBlob,
  inflate: Transform,
  tar: ReturnType<typeof extract>,
  signal: { signal?: AbortSignal },
): Promise<void> {
  let settled: { error?: unknown } | undefined;
  const rest = pipeline(inflate, tar, signal).then(
    () => {
      settled = {};
    },
    (error: unknown) => {
      settled = { error };
      throw error;
    },
  );
  // Handled now: it may fail while a write is awaited; it is awaited below.
  const restDone = rest.then(
    () => undefined,
    () => undefined,
  );
  let failure: Error | undefined;
  try {
    for await (const chunk of blob.lendChunks()) {
      if (settled?.error !== undefined) break;
      // The decompressor is done (e.g. padding after the gzip stream): read on only to check the digest.
      if (settled) continue;
      // A corrupt stream destroys the decompressor, and a write it was given may never call back.
      await Promise.race([
        new Promise<void>((resolve, reject) => inflate.write(chunk, (error) => (error ? reject(error) : resolve()))),
        restDone,
      ]);
    }
    if (!settled) inflate.end();
  } catch (error) {
    failure = asError(error);
    inflate.destroy(failure);
  }
  await rest;
  if (failure) throw failure;
}

// Collects one small entry's content, then moves on.
function capture(stream: EntryStream, keep: (bytes: Buffer) => void, next: () => void): void {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: unknown) => {
    if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  });
  stream.on('end', () => {
    keep(Buffer.concat(chunks));
    next();
  });
}

// Streams one entry's content into a sink, then moves on.
function sink(stream: EntryStream, into: ContentSink, next: () => void): void {
  stream.on('data', (chunk: unknown) => {
    if (chunk instanceof Uint8Array) into.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  });
  stream.on('end', () => {
    into.end();
    next();
  });
}

// The first bytes of a blob, put back for the pipeline; empty when the blob ends or fails at once.
function peekHead(blob: Readable): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const finish = (head: Uint8Array): void => {
      blob.off('readable', onReadable);
      blob.off('end', onEnd);
      blob.off('error', onEnd);
      resolve(head);
    };
    const onReadable = (): void => {
      const chunk: unknown = blob.read();
      if (chunk instanceof Uint8Array) {
        blob.unshift(chunk);
        finish(chunk);
      } else finish(new Uint8Array(0));
    };
    const onEnd = (): void => finish(new Uint8Array(0));
    blob.on('readable', onReadable);
    blob.once('end', onEnd);
    blob.once('error', onEnd);
  });
}
