// Streams the entries of a build record file, a gzip'd tar (a plain tar is
// taken too), from disk through the decompressor and the tar parser: nothing
// is extracted or held whole. Every failure becomes a RecordFileError.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { errnoCode } from '../context/errno.js';
import { errorMessage } from '../core/errors.js';
import { RecordFileError } from './errors.js';

/** One regular file of the archive, its name without a leading "./". */
export interface ArchiveFile {
  name: string;
  size: number;
}

/** Where a file's bytes go: each chunk (awaited, for backpressure), then its end. */
export interface FileSink {
  onChunk(chunk: Buffer): void | Promise<void>;
  onEnd?(): void;
  /** Stop the scan after this file. */
  stopAfter?: boolean;
}

/** What to do with a file: drain it, stop the scan, or hand it to a sink. */
export type FileVerdict = 'skip' | 'stop' | FileSink;

/** Decides per file; called in archive order. */
export type FileVisitor = (file: ArchiveFile) => FileVerdict;

type Framing = 'gzip' | 'tar';

// Peeks at the first bytes: a gzip member, or a tar header ("ustar" at offset 257).
async function framingOf(path: string): Promise<Framing> {
  const head = await readHead(path);
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length === 512 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  const what = head.length === 0 ? 'it is empty' : 'it is neither gzip nor tar';
  throw new RecordFileError(
    'not-a-record',
    `${path} is not a build record file (.dockerbuild from \`docker buildx history export\`): ${what}`,
  );
}

async function readHead(path: string): Promise<Buffer> {
  const unreadable = (why: string, cause?: unknown) =>
    new RecordFileError('unreadable', `cannot open build record file ${path}: ${why}`, cause === undefined ? undefined : { cause });
  try {
    const info = await stat(path);
    // A fifo or device could block the open or never end: only regular files are read.
    if (!info.isFile()) throw unreadable(info.isDirectory() ? 'it is a directory' : 'not a regular file');
    const handle = await open(path, 'r');
    try {
      const head = Buffer.alloc(512);
      const { bytesRead } = await handle.read(head, 0, 512, 0);
      return head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof RecordFileError) throw error;
    throw unreadable(describeErrno(error), error);
  }
}

function describeErrno(error: unknown): string {
  const code = errnoCode(error);
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return errorMessage(error);
}

// The one-line reason of a stream failure, by where it came from.
function classify(path: string, error: unknown, framing: Framing, sawEntry: boolean): RecordFileError {
  if (error instanceof RecordFileError) return error;
  const message = errorMessage(error);
  const code = errnoCode(error);
  if (code !== undefined && /^E[A-Z]+$/.test(code)) {
    return new RecordFileError('unreadable', `cannot read build record file ${path}: ${describeErrno(error)}`, { cause: error });
  }
  if (code === 'Z_BUF_ERROR' || /unexpected end of (file|data)/i.test(message)) {
    return new RecordFileError(
      'truncated',
      `build record file ${path} is truncated: its ${framing === 'gzip' ? 'gzip' : 'tar'} stream ends early`,
      { cause: error },
    );
  }
  if (/invalid tar header/i.test(message) && !sawEntry) {
    return new RecordFileError(
      'not-a-record',
      `${path} is not a build record file: its ${framing === 'gzip' ? 'gzip content is' : 'content is'} not a tar archive`,
      { cause: error },
    );
  }
  return new RecordFileError('corrupt', `build record file ${path} is damaged: ${message}`, { cause: error });
}

/** Streams the archive's regular files to `visit`; resolves when the archive ends or a verdict stops it. */
export async function scanArchive(path: string, visit: FileVisitor, signal?: AbortSignal): Promise<void> {
  const framing = await framingOf(path);
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  const gunzip = framing === 'gzip' ? createGunzip() : undefined;
  const tar = extract();
  let failure: unknown;
  let stopped = false;
  // Failures surface here and through the iteration below; the first one counts.
  const piping = (gunzip ? pipeline(file, gunzip, tar) : pipeline(file, tar)).catch((error: unknown) => {
    if (!stopped) failure ??= error;
  });
  let sawEntry = false;
  try {
    for await (const entry of tar) {
      if (signal?.aborted) throw signal.reason;
      const header = entry.header;
      const name = header.name.replace(/^(\.\/)+/, '');
      const verdict: FileVerdict =
        header.type === 'file' || header.type === 'contiguous-file' ? visit({ name, size: header.size ?? 0 }) : 'skip';
      sawEntry = true;
      if (verdict === 'stop') {
        stopped = true;
        break;
      }
      for await (const chunk of entry) {
        if (verdict !== 'skip') await verdict.onChunk(chunk as Buffer);
        if (signal?.aborted) throw signal.reason;
      }
      if (verdict !== 'skip') verdict.onEnd?.();
      if (verdict !== 'skip' && verdict.stopAfter) {
        stopped = true;
        break;
      }
    }
  } catch (error) {
    if (signal?.aborted) {
      stopped = true;
      throw error;
    }
    failure ??= error;
  } finally {
    if (stopped || failure !== undefined) {
      stopped = true;
      file.destroy();
      gunzip?.destroy();
      tar.destroy();
    }
    await piping;
  }
  if (failure !== undefined) throw classify(path, failure, framing, sawEntry);
}
