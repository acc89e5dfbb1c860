import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { posix, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { indexTar, stripLeading, TarIndexError, type TarMember } from './tar-index.js';

// The files an image is made of (manifest.json, index.json, blobs/...), by
// their names inside an archive or a directory. A member of an archive is a
// byte range of the archive file, read in place; symlinks and hard links
// between members (docker save links repeated layers) are followed.

const MAX_LINKS = 16;

/** Named files of an image, readable in any order. */
export interface ImageFiles {
  /** Size of a file, or undefined when there is none of that name. */
  size(name: string): Promise<number | undefined>;
  /** A stream of a file's bytes (the file must exist). */
  open(name: string): Readable;
  /** The first `length` bytes of a file (fewer when it is shorter). */
  head(name: string, length: number): Promise<Buffer>;
  /** Releases what the files hold open. */
  close(): Promise<void>;
}

/** Reads a whole (small) file; undefined when absent or over `max` bytes is an error left to the caller. */
export async function readSmall(files: ImageFiles, name: string, max: number): Promise<Buffer | undefined> {
  const size = await files.size(name);
  if (size === undefined) return undefined;
  if (size > max) throw new RangeError(`${name} is ${size} bytes, more than the ${max} expected`);
  return files.head(name, size);
}

/** Members of a tar archive file, indexed once by their headers. */
export class ArchiveFiles implements ImageFiles {
  private constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
    private readonly members: Map<string, TarMember>,
  ) {}

  /** Indexes the archive at `path`; throws TarIndexError when it is not a readable tar. */
  static async open(path: string): Promise<ArchiveFiles> {
    const handle = await open(path, 'r');
    try {
      const info = await handle.stat();
      const magic = Buffer.alloc(4);
      await handle.read(magic, 0, 4, 0);
      if (magic[0] === 0x1f && magic[1] === 0x8b)
        throw new TarIndexError('gzip-compressed; image archives are plain tar (gunzip it first)');
      if (magic.readUInt32BE(0) === 0x28b52ffd) throw new TarIndexError('zstd-compressed; image archives are plain tar (unzstd it first)');
      return new ArchiveFiles(path, handle, await indexTar(handle, info.size));
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Names of every member (for messages and layout detection). */
  names(): string[] {
    return [...this.members.keys()];
  }

  async size(name: string): Promise<number | undefined> {
    return this.member(name)?.size;
  }

  open(name: string): Readable {
    const member = this.mustFind(name);
    // An empty range: createReadStream's `end` is inclusive, so start > end reads nothing.
    return createReadStream(this.path, { start: member.offset, end: member.offset + member.size - 1, highWaterMark: 1024 * 1024 });
  }

  async head(name: string, length: number): Promise<Buffer> {
    const member = this.mustFind(name);
    const buffer = Buffer.alloc(Math.min(length, member.size));
    if (buffer.length > 0) await this.handle.read(buffer, 0, buffer.length, member.offset);
    return buffer;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private mustFind(name: string): TarMember {
    const member = this.member(name);
    if (!member) throw new Error(`${this.path} has no member ${name}`);
    return member;
  }

  // The regular member a name leads to, following links.
  private member(name: string): TarMember | undefined {
    let current = this.members.get(stripLeading(name));
    for (let hops = 0; current && hops < MAX_LINKS; hops++) {
      if (current.type === 'SymbolicLink')
        current = this.members.get(posix.normalize(posix.join(posix.dirname(current.name), current.linkpath)));
      else if (current.type === 'Link') current = this.members.get(stripLeading(current.linkpath));
      else return current.type === 'File' || current.type === 'OldFile' || current.type === 'ContiguousFile' ? current : undefined;
    }
    return undefined;
  }
}

/** Files of a directory (an OCI layout on disk); names never leave it. */
export class DirectoryFiles implements ImageFiles {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async size(name: string): Promise<number | undefined> {
    const path = this.resolve(name);
    if (!path) return undefined;
    try {
      const info = await stat(path);
      return info.isFile() ? info.size : undefined;
    } catch {
      return undefined;
    }
  }

  open(name: string): Readable {
    const path = this.resolve(name);
    if (!path) throw new Error(`${name} is outside ${this.root}`);
    return createReadStream(path, { highWaterMark: 1024 * 1024 });
  }

  async head(name: string, length: number): Promise<Buffer> {
    const path = this.resolve(name);
    if (!path) throw new Error(`${name} is outside ${this.root}`);
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async close(): Promise<void> {}

  private resolve(name: string): string | undefined {
    const path = resolve(this.root, stripLeading(name));
    return path === this.root || path.startsWith(this.root + sep) ? path : undefined;
  }
}
