import type { FileHandle } from 'node:fs/promises';
import { Header, Pax } from 'tar';

// The members of an uncompressed tar file found by reading only their
// headers: each header says how long its data is, so the next header is
// read at a computed offset and no member's data is ever read here. An image
// archive is a tar of blobs, so this is what lets a layer be streamed from
// its offset later, in any order, without extracting anything. tar-stream
// parses headers only inside its own sequential stream, so headers are
// decoded with node-tar's Header and Pax classes instead.

const BLOCK = 512;
/** More members than any image archive holds: past it the file is not one. */
const MAX_MEMBERS = 200_000;
/** Longest PAX or GNU long-name record read. */
const MAX_EXTENSION = 1024 * 1024;

/** One member of a tar file: where its data starts and how long it is. */
export interface TarMember {
  /** Name with leading "./" and "/" removed. */
  name: string;
  type: string;
  offset: number;
  size: number;
  linkpath: string;
}

/** Why a file could not be indexed as a tar. */
export class TarIndexError extends Error {}

/** Indexes a tar file by name (later members of the same name win, as tar extraction does). */
export async function indexTar(file: FileHandle, fileSize: number): Promise<Map<string, TarMember>> {
  const members = new Map<string, TarMember>();
  const block = Buffer.alloc(BLOCK);
  let position = 0;
  let extended: Pax | undefined;
  let global: Pax | undefined;
  let longName: string | undefined;
  let longLink: string | undefined;
  for (let count = 0; position + BLOCK <= fileSize; count++) {
    if (count > MAX_MEMBERS) throw new TarIndexError(`more than ${MAX_MEMBERS} tar members`);
    await readExactly(file, block, position);
    const header = new Header(block, 0, extended, global);
    if (header.nullBlock) return members;
    if (!header.cksumValid) throw new TarIndexError(position === 0 ? 'not a tar file' : `bad tar header at byte ${position}`);
    const size = header.size ?? 0;
    const dataStart = position + BLOCK;
    const next = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (dataStart + size > fileSize)
      throw new TarIndexError(
        `truncated: member ${JSON.stringify(header.path ?? '')} needs ${size} bytes past byte ${dataStart} of ${fileSize}`,
      );
    const type = header.type;
    if (type === 'ExtendedHeader' || type === 'GlobalExtendedHeader') {
      const pax = Pax.parse(
        (await readData(file, dataStart, size)).toString('utf8'),
        type === 'ExtendedHeader' ? extended : global,
        type === 'GlobalExtendedHeader',
      );
      if (type === 'ExtendedHeader') extended = pax;
      else global = pax;
    } else if (type === 'NextFileHasLongPath' || type === 'OldGnuLongPath') {
      longName = (await readData(file, dataStart, size)).toString('utf8').replace(/\0.*$/s, '');
    } else if (type === 'NextFileHasLongLinkpath') {
      longLink = (await readData(file, dataStart, size)).toString('utf8').replace(/\0.*$/s, '');
    } else {
      const name = stripLeading(longName ?? header.path ?? '');
      members.set(name, { name, type, offset: dataStart, size, linkpath: longLink ?? header.linkpath ?? '' });
      extended = undefined;
      longName = undefined;
      longLink = undefined;
    }
    position = next;
  }
  return members;
}

/** A name as stored in an archive, without leading "./" or "/" (and a trailing "/"). */
export function stripLeading(name: string): string {
  let start = 0;
  while (name.startsWith('./', start) || name.startsWith('/', start)) start += name.startsWith('./', start) ? 2 : 1;
  return name.endsWith('/') ? name.slice(start, -1) : name.slice(start);
}

async function readData(file: FileHandle, position: number, size: number): Promise<Buffer> {
  if (size > MAX_EXTENSION) throw new TarIndexError(`an extended header of ${size} bytes at byte ${position}`);
  const data = Buffer.alloc(size);
  await readExactly(file, data, position);
  return data;
}

async function readExactly(file: FileHandle, buffer: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buffer.length) {
    const { bytesRead } = await file.read(buffer, done, buffer.length - done, position + done);
    if (bytesRead === 0) throw new TarIndexError(`truncated at byte ${position + done}`);
    done += bytesRead;
  }
}
