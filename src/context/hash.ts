// Content hashes of context files, read in chunks so a large file never sits
// in memory, and opened so that a file swapped for a fifo cannot hang us.
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readlink } from 'node:fs/promises';

/** Thrown when a path is no longer a regular file by the time it is opened. */
export class NotARegularFileError extends Error {
  constructor(path: string) {
    super(`${path} is not a regular file`);
    this.name = 'NotARegularFileError';
  }
}

const CHUNK_BYTES = 1024 * 1024;

/** Hex SHA-256 of a regular file's contents, streamed in 1 MiB chunks. */
export async function hashRegularFile(absPath: string): Promise<string> {
  // O_NONBLOCK: opening a fifo for reading would otherwise block until a
  // writer appears; O_NOFOLLOW: the walk never follows symlinks, neither do we.
  const flags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
  const handle = await open(absPath, flags);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new NotARegularFileError(absPath);
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}

/** Hex SHA-256 of a symlink's target text (the link itself, never what it points to). */
export async function hashSymlink(absPath: string): Promise<{ sha256: string; size: number }> {
  const target = await readlink(absPath, { encoding: 'buffer' });
  return { sha256: createHash('sha256').update(target).digest('hex'), size: target.length };
}
