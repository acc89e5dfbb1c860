import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { openRecordFile, parseRecordFileSpec, type RecordFile, type RecordFileSpec } from '../record-file/index.js';
import { historySource } from './history.js';
import type { Note } from '../model/report.js';
import type { BlobStore, BorrowedBlobs, BuildEvidence, BuilderIdentity, CollectHooks, ReportSource } from './source.js';

// An exported build record (`docker buildx history export`, what CI actions
// upload as .dockerbuild): BuildKit's record, its logs and provenance, read
// from the file with no builder. Layer contents are not in the file: sizes
// come from the provenance's descriptors, and the report says so once. When
// the engine here (or the builder) still has every layer of the image by
// digest, they are analysed as for a live build: the file's own blobs (the
// image manifest) first, then that store.

/** An opened record file, the source of the record picked from it, and the file standing in for its builder. */
export interface RecordFileSource {
  source: ReportSource;
  file: RecordFile;
  ref: string;
  /** The file as the builder the record names no other (its history is the file's records). */
  builder: BuilderIdentity;
}

/** Options of openRecordFileSource. */
export interface RecordFileSourceOptions {
  /** Where layer blobs may be found (the local engine, the builder); without it, layers are not looked for. */
  layers?: BlobStore | undefined;
}

/** Opens `spec.path` and picks `spec.ref` (the newest record without one); failures are RecordFileErrors (exit 2). */
export async function openRecordFileSource(spec: RecordFileSpec, opts: RecordFileSourceOptions = {}): Promise<RecordFileSource> {
  const file = await openRecordFile(spec.path);
  const entry = file.select(spec.ref);
  // The record does not name its builder; the file stands in for it.
  const builder = { name: basename(spec.path), driver: 'unknown' };
  const history = historySource(file, builder, entry.ref);
  const borrowed = opts.layers ? borrowedBlobs(file, opts.layers, spec.path) : undefined;
  const source: ReportSource = {
    kind: 'record-file',
    ...(borrowed ? { borrowedBlobs: borrowed } : {}),
    async collect(hooks?: CollectHooks): Promise<BuildEvidence> {
      const evidence = await history.collect(hooks);
      evidence.kind = 'record-file';
      delete evidence.blobs;
      // With a store to look in, the pipeline says whether the layers were found.
      if (!borrowed) evidence.notes.push(missingNote(spec.path));
      return evidence;
    },
  };
  return { source, file, ref: entry.ref, builder };
}

function missingNote(path: string, missing?: { missing: number; total: number }): Note {
  const where = missing
    ? `, and ${missing.missing} of the image's ${missing.total} layers are neither in the local engine's content store nor on the builder`
    : '';
  return {
    topic: 'layers',
    message: `layer contents are not in an exported build record (${path})${where}: sizes come from the provenance, and findings that need layer contents are not made`,
  };
}

// The file's own blobs (the exporter's manifest) first, then the store's.
function borrowedBlobs(file: RecordFile, layers: BlobStore, path: string): BorrowedBlobs {
  return {
    store: {
      read: async (digest, size) => (file.has(digest) ? file.readBlob(digest) : layers.read(digest, size)),
      has: async (digest, size) => file.has(digest) || layers.has(digest, size),
    },
    missingNote: (missing, total) => missingNote(path, { missing, total }),
  };
}

/** The source of one record of a `.dockerbuild` file (`FILE#REF` picks one of several). */
export async function recordFileSource(text: string): Promise<ReportSource> {
  return (await openRecordFileSource(parseRecordFileSpec(text, isFile))).source;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
