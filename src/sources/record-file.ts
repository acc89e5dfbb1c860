import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { openRecordFile, parseRecordFileSpec, type RecordFile, type RecordFileSpec } from '../record-file/index.js';
import { historySource } from './history.js';
import type { BuildEvidence, BuilderIdentity, CollectHooks, ReportSource } from './source.js';

// An exported build record (`docker buildx history export`, what CI actions
// upload as .dockerbuild): BuildKit's record, its logs and provenance, read
// from the file with no builder. Layer contents are not in the file: sizes
// come from the provenance's descriptors, and the report says so once.

/** An opened record file, the source of the record picked from it, and the file standing in for its builder. */
export interface RecordFileSource {
  source: ReportSource;
  file: RecordFile;
  ref: string;
  /** The file as the builder the record names no other (its history is the file's records). */
  builder: BuilderIdentity;
}

/** Opens `spec.path` and picks `spec.ref` (the newest record without one); failures are RecordFileErrors (exit 2). */
export async function openRecordFileSource(spec: RecordFileSpec): Promise<RecordFileSource> {
  const file = await openRecordFile(spec.path);
  const entry = file.select(spec.ref);
  // The record does not name its builder; the file stands in for it.
  const builder = { name: basename(spec.path), driver: 'unknown' };
  const history = historySource(file, builder, entry.ref);
  const source: ReportSource = {
    kind: 'record-file',
    async collect(hooks?: CollectHooks): Promise<BuildEvidence> {
      const evidence = await history.collect(hooks);
      evidence.kind = 'record-file';
      delete evidence.blobs;
      evidence.notes.push({
        topic: 'layers',
        message: `layer contents are not in an exported build record (${spec.path}): sizes come from the provenance, and findings that need layer contents are not made`,
      });
      return evidence;
    },
  };
  return { source, file, ref: entry.ref, builder };
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
