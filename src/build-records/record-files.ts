// The files behind each record: builds/<id>.json (small, read to list) and
// manifests/<id>.json.gz (the bulk, read only when a record is asked for).
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { contextManifestSchema, type ContextManifest } from '../context/manifest.js';
import { isTempName } from '../core/atomic-write.js';
import { storedRecordSchema, type StoredRecord } from './record.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
// A manifest of a million files is a few hundred MB of JSON; more means a damaged file.
const MAX_MANIFEST_JSON_BYTES = 1024 * 1024 * 1024;

/** Subdirectory holding record files. */
export const RECORDS_DIR = 'builds';
/** Subdirectory holding gzip-compressed manifests. */
export const MANIFESTS_DIR = 'manifests';

/** A record file read back, with what eviction needs to know about it. */
export interface LoadedRecord {
  id: string;
  stored: StoredRecord;
  /** Bytes on disk of the record file plus its manifest file. */
  bytes: number;
}

/** File-name-safe id of a build ref (refs come from BuildKit and are not ours to trust as names). */
export function recordId(ref: string): string {
  return createHash('sha256').update(ref).digest('hex').slice(0, 40);
}

/** Path of a record's JSON file. */
export function recordPath(dir: string, id: string): string {
  return join(dir, RECORDS_DIR, `${id}.json`);
}

/** Path of a record's manifest file. */
export function manifestPath(dir: string, id: string): string {
  return join(dir, MANIFESTS_DIR, `${id}.json.gz`);
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** Reads one record file; undefined for a missing, corrupt or foreign file. */
export async function readRecordFile(dir: string, id: string): Promise<LoadedRecord | undefined> {
  try {
    const path = recordPath(dir, id);
    const text = await readFile(path, 'utf8');
    const parsed = storedRecordSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return undefined;
    const manifestBytes = parsed.data.hasManifest ? await sizeOf(manifestPath(dir, id)) : 0;
    return { id, stored: parsed.data, bytes: Buffer.byteLength(text) + manifestBytes };
  } catch {
    return undefined;
  }
}

/** Every readable record; temp files of running or killed writers and corrupt files are skipped. */
export async function readAllRecordFiles(dir: string): Promise<LoadedRecord[]> {
  let names: string[];
  try {
    names = await readdir(join(dir, RECORDS_DIR));
  } catch {
    return [];
  }
  const ids = names.filter((n) => !isTempName(n) && n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length));
  const loaded = await Promise.all(ids.map((id) => readRecordFile(dir, id)));
  return loaded.filter((r): r is LoadedRecord => r !== undefined);
}

/** Serialises and compresses a manifest. */
export async function encodeManifest(manifest: ContextManifest): Promise<Buffer> {
  return gzipAsync(Buffer.from(JSON.stringify(manifest)));
}

/** Reads a manifest back; undefined when missing or damaged. */
export async function readManifestFile(dir: string, id: string): Promise<ContextManifest | undefined> {
  try {
    const json = await gunzipAsync(await readFile(manifestPath(dir, id)), { maxOutputLength: MAX_MANIFEST_JSON_BYTES });
    const parsed = contextManifestSchema.safeParse(JSON.parse(json.toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
