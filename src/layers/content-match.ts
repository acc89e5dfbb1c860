import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { errorMessage } from '../core/errors.js';
import { debug } from '../core/log.js';
import type { LayerDescriptor, LayerIndex } from './analyze-layer.js';
import type { OpenBlob } from './analyze-image.js';
import { walkLayer, type TarEntry } from './tar-walk.js';

// Finds files whose content is one of a few known contents (a build secret's)
// by size and SHA-256, never by the bytes themselves. The layers' path
// indexes (kept from the analysis) say which layers hold a file of a wanted
// size at all; only those are streamed again, and only files of a wanted size
// are hashed, each as it streams: memory stays bounded whatever the layer.

/** A content looked for: its size and SHA-256 (hex). */
export interface ContentDigest {
  size: number;
  sha256: string;
}

/** A file whose content is a wanted one. */
export interface ContentMatch {
  /** Index of the layer (as given) holding the file. */
  layer: number;
  /** The file's path in the layer, as the tar names it (no leading slash). */
  path: string;
  /** Index of the wanted content it matches. */
  wanted: number;
}

/** What a search found, and the layers it could not read to the end (their files were not all hashed). */
export interface ContentSearch {
  matches: ContentMatch[];
  unread: number[];
}

/** Searches the layers holding a file of a wanted size for files of that content. */
export async function findContents(
  layers: readonly LayerDescriptor[],
  indexes: readonly LayerIndex[],
  open: OpenBlob,
  wanted: readonly ContentDigest[],
): Promise<ContentSearch> {
  const sizes = new Set(wanted.map((w) => w.size));
  const search: ContentSearch = { matches: [], unread: [] };
  if (sizes.size === 0) return search;
  for (const [i, layer] of layers.entries()) {
    const index = indexes[i];
    if (!index || ![...index.files.values()].some((size) => sizes.has(size))) continue;
    try {
      const found = await searchLayer(await open(layer.digest, layer.size), layer, sizes, wanted);
      search.matches.push(...found.paths.map(({ path, wanted: w }) => ({ layer: i, path, wanted: w })));
      if (!found.complete) search.unread.push(i);
    } catch (error) {
      debug(`content search: ${layer.digest}: ${errorMessage(error)}`);
      search.unread.push(i);
    }
  }
  return search;
}

// One layer streamed once: each regular file of a wanted size goes through a hash.
async function searchLayer(
  blob: Readable,
  layer: LayerDescriptor,
  sizes: ReadonlySet<number>,
  wanted: readonly ContentDigest[],
): Promise<{ paths: Array<{ path: string; wanted: number }>; complete: boolean }> {
  const paths: Array<{ path: string; wanted: number }> = [];
  const visit = (entry: TarEntry) => {
    const regular = entry.type === 'file' || entry.type === 'contiguous-file' || entry.type === null || entry.type === undefined;
    if (!regular || !sizes.has(entry.size)) return 0;
    const hash = createHash('sha256');
    return {
      write: (chunk: Buffer) => hash.update(chunk),
      end: () => {
        const digest = hash.digest('hex');
        wanted.forEach((w, i) => {
          if (w.size === entry.size && w.sha256 === digest) paths.push({ path: entry.path, wanted: i });
        });
      },
    };
  };
  const walked = await walkLayer(blob, layer.mediaType, visit);
  return { paths, complete: walked.complete };
}
