import { createGunzip } from 'node:zlib';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Decompress } from 'fzstd';
import { extract, type Header } from 'tar-stream';

// Streams a layer blob through decompression and a tar parser, handing each
// entry's header to a visitor. File contents are drained, never kept, except
// where the visitor asks for a small file's bytes. Bad data never throws: the
// walk ends with what was read and a note saying what went wrong.

/** One tar entry, path normalised; `path` is undefined when the name was refused. */
export interface TarEntry {
  path: string | undefined;
  rawName: string;
  type: Header['type'];
  size: number;
  linkname?: string;
}

/** Visitor of a walk: returns a byte budget to capture the entry's content, or 0. */
export type EntryVisitor = (entry: TarEntry) => number;

/** Result of a walk. */
export interface WalkResult {
  uncompressedBytes: number;
  captured: Map<string, Buffer>;
  notes: string[];
}

/** Normalises a tar name: strips ./ and /, resolves . and refuses anything escaping the root. */
export function normalizeTarPath(name: string): string | undefined {
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
      continue;
    }
    parts.push(part);
  }
  return parts.join('/');
}

function decompressor(mediaType: string): Transform | undefined {
  if (/gzip/.test(mediaType)) return createGunzip({ chunkSize: 256 * 1024 });
  if (/zstd/.test(mediaType)) {
    // fzstd is push-based; wrap it as a Transform.
    let stream: Transform;
    const zstd = new Decompress((chunk) => {
      stream.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    });
    stream = new Transform({
      transform(chunk: Buffer, _e, callback) {
        try {
          zstd.push(chunk);
          callback();
        } catch (error) {
          callback(error instanceof Error ? error : new Error(String(error)));
        }
      },
      flush(callback) {
        try {
          zstd.push(new Uint8Array(0), true);
          callback();
        } catch (error) {
          callback(error instanceof Error ? error : new Error(String(error)));
        }
      },
    });
    return stream;
  }
  return undefined;
}

/** Walks every entry of a layer blob. */
export async function walkLayer(blob: Readable, mediaType: string, visit: EntryVisitor): Promise<WalkResult> {
  const result: WalkResult = { uncompressedBytes: 0, captured: new Map(), notes: [] };
  const counter = new PassThrough({ highWaterMark: 1024 * 1024 });
  counter.on('data', (chunk: Buffer) => (result.uncompressedBytes += chunk.length));
  const tar = extract();
  tar.on('entry', (header, stream, next) => {
    const path = normalizeTarPath(header.name);
    if (path === undefined) result.notes.push(`skipped an entry whose name escapes the image root: ${JSON.stringify(header.name.slice(0, 200))}`);
    const entry: TarEntry = { path, rawName: header.name, type: header.type, size: header.size ?? 0 };
    if (header.linkname) entry.linkname = header.linkname;
    // A corrupt blob destroys the entry being read with the same error the walk reports.
    stream.on('error', () => undefined);
    const budget = path === undefined ? 0 : visit(entry);
    if (budget > 0 && path !== undefined && entry.size <= budget) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => {
        if (Buffer.isBuffer(chunk)) chunks.push(chunk);
      });
      stream.on('end', () => {
        result.captured.set(path, Buffer.concat(chunks));
        next();
      });
    } else {
      stream.on('end', () => next());
      stream.resume();
    }
  });
  const inflate = decompressor(mediaType);
  // zlib may report a corrupt stream twice; the pipeline takes the first, this swallows the echo.
  inflate?.on('error', () => undefined);
  counter.on('error', () => undefined);
  tar.on('error', () => undefined);
  try {
    if (inflate) await pipeline(blob, inflate, counter, tar);
    else await pipeline(blob, counter, tar);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    result.notes.push(`layer could not be read to the end (${message}); the analysis covers what was read`);
    blob.destroy();
  }
  return result;
}
