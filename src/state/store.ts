// buildlens's local memory of the builds it ran: enough to find the previous
// comparable build and tell which build args and context files changed,
// without ever holding a build-arg or secret value.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { StateStoreError } from './errors.js';
import { DEFAULT_LIMITS, chooseEvictions, deleteRecord, sweepAbandoned, type StateLimits } from './evict.js';
import { fingerprintWith, loadOrCreateKey } from './key.js';
import { resolveStateDir } from './paths.js';
import {
  MANIFESTS_DIR,
  RECORDS_DIR,
  encodeManifest,
  manifestPath,
  readAllRecordFiles,
  readManifestFile,
  readRecordFile,
  recordId,
  recordPath,
  type LoadedRecord,
} from './record-files.js';
import { buildRecordSchema, isComparable, type BuildRecord, type ComparableQuery, type StoredRecord } from './record.js';

/** The state store of one state directory. */
export interface StateStore {
  readonly dir: string;
  /** Saves (or replaces) the record of a build, then trims the store to its limits. */
  recordBuild(record: BuildRecord): Promise<void>;
  /** The record of a build ref, manifest included; undefined if unknown. */
  findRecord(ref: string): Promise<BuildRecord | undefined>;
  /** The newest build before `query.before` with the same builder, Dockerfile, target and platforms, manifest included. */
  findPreviousComparable(query: ComparableQuery): Promise<BuildRecord | undefined>;
  /** Every readable record, newest first, without manifests (they are the bulk). */
  listRecords(): Promise<BuildRecord[]>;
  /** HMAC-SHA256 of a value under this installation's key: comparable, not reversible. */
  fingerprint(value: string): string;
}

/** Options of openStateStore. */
export interface StateStoreOpts {
  limits?: Partial<StateLimits>;
}

function newestFirst(a: LoadedRecord, b: LoadedRecord): number {
  return Date.parse(b.stored.record.startedAt) - Date.parse(a.stored.record.startedAt);
}

async function withManifest(dir: string, loaded: LoadedRecord): Promise<BuildRecord> {
  if (!loaded.stored.hasManifest) return loaded.stored.record;
  const manifest = await readManifestFile(dir, loaded.id);
  return manifest ? { ...loaded.stored.record, manifest } : loaded.stored.record;
}

/** Opens (creating if needed) the state directory and its key. Default: resolveStateDir(). */
export async function openStateStore(dir: string = resolveStateDir(), opts: StateStoreOpts = {}): Promise<StateStore> {
  const limits: StateLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  let key: Buffer;
  try {
    for (const sub of [RECORDS_DIR, MANIFESTS_DIR]) await mkdir(join(dir, sub), { recursive: true, mode: 0o700 });
    key = await loadOrCreateKey(dir);
  } catch (error) {
    throw new StateStoreError(`cannot open the buildlens state directory ${dir}`, { cause: error });
  }

  async function trim(): Promise<void> {
    const records = await readAllRecordFiles(dir);
    const evicted = chooseEvictions(records, limits);
    for (const record of evicted) await deleteRecord(dir, record.id);
    const gone = new Set(evicted.map((r) => r.id));
    await sweepAbandoned(dir, new Set(records.map((r) => r.id).filter((id) => !gone.has(id))));
  }

  return {
    dir,
    fingerprint: (value) => fingerprintWith(key, value),

    async recordBuild(record) {
      const parsed = buildRecordSchema.safeParse(record);
      if (!parsed.success) {
        // The issue paths name fields, never the offending values.
        const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
        throw new StateStoreError(`build record ${record.ref} is invalid (${fields})`);
      }
      const { manifest, ...rest } = parsed.data;
      const id = recordId(rest.ref);
      try {
        let hasManifest = false;
        if (manifest) {
          const encoded = await encodeManifest(manifest);
          // One huge context must not push every other build out of the store.
          if (encoded.length <= limits.maxBytes / 4) {
            await writeFileAtomic(manifestPath(dir, id), encoded);
            hasManifest = true;
          }
        }
        const stored: StoredRecord = { version: 1, record: rest, hasManifest };
        await writeFileAtomic(recordPath(dir, id), JSON.stringify(stored));
        await trim();
      } catch (error) {
        throw new StateStoreError(`cannot save build record ${rest.ref} in ${dir}`, { cause: error });
      }
    },

    async findRecord(ref) {
      const loaded = await readRecordFile(dir, recordId(ref));
      return loaded && loaded.stored.record.ref === ref ? withManifest(dir, loaded) : undefined;
    },

    async findPreviousComparable(query) {
      const records = await readAllRecordFiles(dir);
      const match = records.filter((r) => isComparable(r.stored.record, query)).sort(newestFirst)[0];
      return match ? withManifest(dir, match) : undefined;
    },

    async listRecords() {
      return (await readAllRecordFiles(dir)).sort(newestFirst).map((r) => r.stored.record);
    },
  };
}
