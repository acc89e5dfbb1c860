// buildlens's local memory of the builds it ran: enough to find the previous
// comparable build and tell which build args and context files changed,
// without ever holding a build-arg or secret value.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
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

  // Every record, read once per process: a build looks up the previous one,
  // records itself, trims and lists recent builds, and the store holds up to
  // maxRecords files. Records other processes write meanwhile are seen by the
  // next run; eviction only ever deletes what this snapshot holds.
  let snapshot: Promise<LoadedRecord[]> | undefined;
  const allRecords = (): Promise<LoadedRecord[]> => (snapshot ??= readAllRecordFiles(dir));

  async function trim(): Promise<void> {
    const records = await allRecords();
    const evicted = chooseEvictions(records, limits);
    for (const record of evicted) await deleteRecord(dir, record.id);
    const gone = new Set(evicted.map((r) => r.id));
    const kept = records.filter((r) => !gone.has(r.id));
    snapshot = Promise.resolve(kept);
    await sweepAbandoned(dir, new Set(kept.map((r) => r.id)));
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
        let manifestBytes = 0;
        if (manifest) {
          const encoded = await encodeManifest(manifest);
          // One huge context must not push every other build out of the store.
          if (encoded.length <= limits.maxBytes / 4) {
            await writeFileAtomic(manifestPath(dir, id), encoded);
            manifestBytes = encoded.length;
          }
        }
        const stored: StoredRecord = { version: 1, record: rest, hasManifest: manifestBytes > 0 };
        const text = JSON.stringify(stored);
        await writeFileAtomic(recordPath(dir, id), text);
        const others = (await allRecords()).filter((r) => r.id !== id);
        snapshot = Promise.resolve([...others, { id, stored, bytes: Buffer.byteLength(text) + manifestBytes }]);
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
      const records = await allRecords();
      const match = records.filter((r) => isComparable(r.stored.record, query)).sort(newestFirst)[0];
      return match ? withManifest(dir, match) : undefined;
    },

    async listRecords() {
      return [...(await allRecords())].sort(newestFirst).map((r) => r.stored.record);
    },
  };
}
