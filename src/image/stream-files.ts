import { PassThrough, type Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { extract, type Extract } from 'tar-stream';
import type { ImageFiles } from './files.js';
import { stripLeading } from './tar-index.js';

// The members of a tar that can only be read front to back (`docker save`'s
// stream from the engine). A first pass keeps every small JSON member and
// notes each member's size, first bytes and position, draining the rest;
// that is enough to read the layout. A member's bytes are then served from a
// later pass: passes are shared, so members opened in stored order
// (`storedOrder`) all come from one more pass, and a member already passed
// starts a fresh one. Nothing is kept but the small JSON members.

const KEEP_MAX = 16 * 1024 * 1024;
const HEAD = 16;

/** Opens the whole archive from its start. */
export type OpenArchiveStream = () => Promise<Readable>;

interface Member {
  position: number;
  size: number;
  head: Buffer;
  kept?: Buffer;
}

interface Cursor {
  tar: Extract;
  entries: AsyncIterator<Readable & { header: { name: string } }>;
  next: number;
}

/** An archive read as a stream, pass by pass. */
export class StreamedArchiveFiles implements ImageFiles {
  private cursor: Cursor | undefined;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly openStream: OpenArchiveStream,
    private readonly members: Map<string, Member>,
  ) {}

  /** Reads the archive once, keeping its small JSON members. */
  static async scan(openStream: OpenArchiveStream): Promise<StreamedArchiveFiles> {
    const members = new Map<string, Member>();
    const tar = extract();
    const source = await openStream();
    const done = pipeline(source, tar);
    // Awaited below; a failure while the entries are iterated surfaces there too.
    done.catch(() => undefined);
    let position = 0;
    for await (const entry of tar) {
      const { name, size = 0, type } = entry.header;
      const member: Member = { position: position++, size, head: Buffer.alloc(0) };
      const chunks: Buffer[] = [];
      let seen = 0;
      let keep: boolean | undefined;
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        if (seen < HEAD) member.head = Buffer.concat([member.head, chunk.subarray(0, HEAD - seen)]);
        // Only JSON is kept: a layer is never held in memory, whatever its size.
        keep ??= size <= KEEP_MAX && (chunk[0] === 0x7b || chunk[0] === 0x5b);
        if (keep) chunks.push(chunk);
        seen += chunk.length;
      }
      if (chunks.length > 0) member.kept = Buffer.concat(chunks);
      if (type === 'file' || type === 'contiguous-file') members.set(stripLeading(name), member);
    }
    await done;
    return new StreamedArchiveFiles(openStream, members);
  }

  /** Where a member is stored (its number in the archive). */
  position(name: string): number {
    return this.members.get(stripLeading(name))?.position ?? 0;
  }

  async size(name: string): Promise<number | undefined> {
    return this.members.get(stripLeading(name))?.size;
  }

  async head(name: string, length: number): Promise<Buffer> {
    const member = this.mustFind(name);
    const bytes = member.kept ?? member.head;
    if (length > bytes.length && bytes.length < member.size) throw new Error(`${name}: only its first ${bytes.length} bytes were kept`);
    return bytes.subarray(0, length);
  }

  open(name: string): Readable {
    const member = this.mustFind(name);
    const out = new PassThrough({ highWaterMark: 1024 * 1024 });
    if (member.kept) {
      out.end(member.kept);
      return out;
    }
    this.queue = this.queue
      .then(() => this.serve(member.position, out))
      .catch((error: unknown) => {
        out.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    return out;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.dropCursor();
  }

  // Moves a pass to the member at `position` (starting a pass when the current one is past it) and pipes it to `out`.
  private async serve(position: number, out: PassThrough): Promise<void> {
    if (this.closed) throw new Error('the archive was closed');
    if (out.destroyed) return;
    if (!this.cursor || this.cursor.next > position) {
      this.dropCursor();
      const tar = extract();
      const source = await this.openStream();
      pipeline(source, tar).catch(() => undefined);
      this.cursor = { tar, entries: tar[Symbol.asyncIterator]() as Cursor['entries'], next: 0 };
    }
    const cursor = this.cursor;
    for (;;) {
      const { value: entry, done } = await cursor.entries.next();
      if (done) throw new Error(`the archive ended before member ${position}`);
      if (cursor.next++ !== position) {
        entry.resume();
        await finished(entry);
        continue;
      }
      try {
        await pipeline(entry, out);
      } catch (error) {
        // A reader that stopped early leaves the pass mid-member: the next read starts afresh.
        this.dropCursor();
        if (!out.destroyed) throw error;
      }
      return;
    }
  }

  private dropCursor(): void {
    this.cursor?.tar.destroy();
    this.cursor = undefined;
  }

  private mustFind(name: string): Member {
    const member = this.members.get(stripLeading(name));
    if (!member) throw new Error(`the archive has no member ${name}`);
    return member;
  }
}
