import type { Readable } from 'node:stream';

// The history logs blob replays a build's whole progress stream: frames of a
// 4-byte little-endian length followed by one StatusResponse message.

const MAX_FRAME = 64 * 1024 * 1024;

/** Yields each frame's message bytes from a logs blob stream, holding at most one frame in memory. */
export async function* readLogFrames(stream: Readable): AsyncGenerator<Buffer> {
  let pending = Buffer.alloc(0);
  for await (const chunk of stream) {
    pending = pending.length === 0 ? Buffer.from(chunk as Buffer) : Buffer.concat([pending, chunk as Buffer]);
    let offset = 0;
    while (pending.length - offset >= 4) {
      const length = pending.readUInt32LE(offset);
      if (length > MAX_FRAME)
        throw new Error(`logs blob frame of ${length} bytes exceeds the ${MAX_FRAME}-byte bound; the blob is corrupt`);
      if (pending.length - offset - 4 < length) break;
      yield pending.subarray(offset + 4, offset + 4 + length);
      offset += 4 + length;
    }
    pending = pending.subarray(offset);
  }
  if (pending.length > 0) throw new Error(`logs blob ends inside a frame (${pending.length} stray bytes)`);
}
