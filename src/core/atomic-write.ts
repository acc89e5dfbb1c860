// Whole-file replacement that a concurrent reader can never see half done:
// write a uniquely named temp file beside the target, fsync it, rename it over.
// Shared by report files, the state store and the layer cache.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';

/** What an atomic write writes: the bytes, or a stream of them (never held whole). */
export type FileData = Uint8Array | string | Readable;

/** Temp files start with a dot and end in .tmp, so directory listings can skip them. */
export function isTempName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

/** A fresh temp path beside `target`, unique across processes and calls. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes a file to its temp path (mode applied at creation, fsynced unless `sync` is false) and returns that path. */
export async function writeTempFile(target: string, data: FileData, mode: number, sync = true): Promise<string> {
  const temp = tempPathFor(target);
  const handle = await open(temp, 'wx', mode);
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data);
    else for await (const chunk of data) await handle.write(chunk as Uint8Array);
    if (sync) await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  return temp;
}

/** Options of an atomic write. */
export interface AtomicWriteOptions {
  mode?: number;
  /** fsync the file and its directory (default); a cache can skip it, a lost entry being a miss. */
  sync?: boolean;
}

/** Replaces `target` atomically with `data`; readers see the old file or the new one, never a part. */
export function writeFileAtomic(target: string, data: FileData, opts: AtomicWriteOptions = {}): Promise<void> {
  return writeFilesAtomic([{ path: target, data }], opts);
}

/** Replaces several files as one: all are written to temp files first, so a
 *  failure then (a full disk, say) leaves every target as it was; only the
 *  renames that follow, which need no space, can part them. */
export async function writeFilesAtomic(
  files: ReadonlyArray<{ path: string; data: FileData }>,
  opts: AtomicWriteOptions = {},
): Promise<void> {
  const sync = opts.sync ?? true;
  const temps: string[] = [];
  const removeTemps = (from: number) => Promise.all(temps.slice(from).map((temp) => rm(temp, { force: true })));
  try {
    for (const file of files) temps.push(await writeTempFile(file.path, file.data, opts.mode ?? 0o600, sync));
  } catch (error) {
    await removeTemps(0);
    throw error;
  }
  for (const [index, file] of files.entries()) {
    try {
      await rename(temps[index]!, file.path);
    } catch (error) {
      await removeTemps(index);
      throw error;
    }
  }
  if (sync) for (const dir of new Set(files.map((file) => dirname(file.path)))) await syncDirectory(dir);
}

/** Makes a rename durable; some filesystems refuse to fsync a directory, which only costs durability. */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: the rename itself is already atomic.
  }
}
