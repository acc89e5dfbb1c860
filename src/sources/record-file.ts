import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { openRecordFile, parseRecordFileSpec } from '../record-file/index.js';
import { historySource } from './history.js';
import type { BuildEvidence, CollectHooks, ReportSource } from './source.js';

// An exported build record (`docker buildx history export`, what CI actions
// upload as .dockerbuild): BuildKit's record, its logs and provenance, read
// from the file with no builder. Layer contents are not in the file: sizes
// come from the provenance's descriptors, and the report says so once.

/** Whether a command-line source names a record file (an existing file, optionally with #REF). */
export function isRecordFileSource(source: string): boolean {
  return isFile(parseRecordFileSpec(source, isFile).path);
}

/** The source of one record of a `.dockerbuild` file (`FILE#REF` picks one of several). */
export async function recordFileSource(source: string): Promise<ReportSource> {
  const spec = parseRecordFileSpec(source, isFile);
  const file = await openRecordFile(spec.path);
  const entry = file.select(spec.ref);
  // The record does not name its builder; the file stands in for it.
  const history = historySource(file, { name: basename(spec.path), driver: 'unknown' }, entry.ref);
  return {
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
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
