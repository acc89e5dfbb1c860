// Keeps the state directory bounded: oldest builds go first, and files left by
// writers that died mid-write are swept once they are clearly abandoned.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isTempName } from '../core/atomic-write.js';
import { MANIFESTS_DIR, RECORDS_DIR, manifestPath, recordPath, type LoadedRecord } from './record-files.js';

/** How much the store may keep. */
export interface StateLimits {
  maxRecords: number;
  maxBytes: number;
}

/** Defaults: 200 builds or 64 MiB, whichever is hit first. */
export const DEFAULT_LIMITS: StateLimits = { maxRecords: 200, maxBytes: 64 * 1024 * 1024 };

// Long enough that no live writer still owns the file.
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** Records to delete, oldest first, so the rest fit within the limits. */
export function chooseEvictions(records: readonly LoadedRecord[], limits: StateLimits): LoadedRecord[] {
  const oldestFirst = [...records].sort(
    (a, b) => Date.parse(a.stored.record.startedAt) - Date.parse(b.stored.record.startedAt) || (a.id < b.id ? -1 : 1),
  );
  let count = oldestFirst.length;
  let bytes = oldestFirst.reduce((sum, r) => sum + r.bytes, 0);
  const evicted: LoadedRecord[] = [];
  for (const record of oldestFirst) {
    if (count <= limits.maxRecords && bytes <= limits.maxBytes) break;
    evicted.push(record);
    count -= 1;
    bytes -= record.bytes;
  }
  return evicted;
}

/** Deletes a record: the record file first, so no listed record ever lacks its manifest for long. */
export async function deleteRecord(dir: string, id: string): Promise<void> {
  await rm(recordPath(dir, id), { force: true });
  await rm(manifestPath(dir, id), { force: true });
}

/** Removes abandoned temp files and manifests whose record is gone; racing sweepers are harmless. */
export async function sweepAbandoned(dir: string, liveIds: ReadonlySet<string>, now = Date.now()): Promise<void> {
  for (const sub of ['', RECORDS_DIR, MANIFESTS_DIR]) {
    let names: string[];
    try {
      names = await readdir(join(dir, sub));
    } catch {
      continue;
    }
    for (const name of names) {
      const orphanManifest = sub === MANIFESTS_DIR && name.endsWith('.json.gz') && !liveIds.has(name.slice(0, -'.json.gz'.length));
      if (!isTempName(name) && !orphanManifest) continue;
      try {
        const path = join(dir, sub, name);
        if (now - (await stat(path)).mtimeMs > ABANDONED_AFTER_MS) await rm(path, { force: true });
      } catch {
        // Another process removed it first.
      }
    }
  }
}
