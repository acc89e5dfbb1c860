// Opens a build record file (`docker buildx history export` output): one
// streaming pass keeps index.json and the small blobs, the layout is walked
// from there to every history record, and the records are validated and
// converted. What it returns serves collectHistory and reportForRef as the
// builder's gRPC client would: getRecord, listRecords, readBlob.
import { Readable } from 'node:stream';
import type { BlobDescriptor, HistoryRecord } from '../buildkit/types.js';
import { errorMessage } from '../core/errors.js';
import { scanArchive } from './archive.js';
import { digestOfPath, failed, streamBlob, verifyingSink } from './blobs.js';
import { RecordFileError } from './errors.js';
import {
  findRecordManifests,
  HISTORY_RECORD_V0,
  ociIndexSchema,
  parseLayoutJson,
  type OciDescriptor,
  type RecordManifest,
} from './layout.js';
import { historyRecordJsonSchema, toBlobDescriptor, toHistoryRecord } from './record-json.js';

// Manifests and record JSON are a few KB; logs and provenance of small builds
// fit too. Bigger blobs are streamed again when asked for.
const KEEP_MAX_BYTES = 1024 * 1024;
const KEEP_TOTAL_BYTES = 16 * 1024 * 1024;
const JSON_MAX_BYTES = 16 * 1024 * 1024;

/** One build record of the file. */
export interface RecordEntry {
  ref: string;
  record: HistoryRecord;
  /** The blobs the file holds for this record (its manifest's layers): logs, trace, provenance, result, error. */
  blobs: BlobDescriptor[];
  /** The error's own blob, when BuildKit stored the error outside the record (newer BuildKits). */
  externalError?: BlobDescriptor;
  numWarnings: number;
}

/** An opened build record file. */
export interface RecordFile {
  readonly path: string;
  /** Every record, newest first. */
  readonly records: readonly RecordEntry[];
  /** The record `ref` names (exactly, or as an unambiguous prefix); without one, the newest. */
  select(ref?: string): RecordEntry;
  getRecord(ref: string): Promise<HistoryRecord | undefined>;
  listRecords(): Promise<HistoryRecord[]>;
  /** A blob by digest, checked against it; fails with a RecordFileError when the file lacks it. */
  readBlob(digest: string): Readable;
  /** Whether the file holds the blob (intact). */
  has(digest: string): boolean;
}

interface FirstPass {
  index?: Buffer;
  kept: Map<string, Buffer>;
  /** Size of every blob in the file; digests that did not match are listed in `damaged`. */
  sizes: Map<string, number>;
  damaged: Set<string>;
}

/** Options of openRecordFile. */
export interface OpenRecordFileOpts {
  /** Bytes of small blobs kept in memory from the first pass (default 16 MiB); the rest are streamed again when read. */
  keepBytes?: number;
}

async function firstPass(path: string, keepTotal: number): Promise<FirstPass> {
  const pass: FirstPass = { kept: new Map(), sizes: new Map(), damaged: new Set() };
  let keptBytes = 0;
  await scanArchive(path, (file) => {
    if (file.name === 'index.json') {
      if (file.size > JSON_MAX_BYTES)
        throw new RecordFileError('not-a-record', `${path} is not a build record file: its index.json is ${file.size} bytes`);
      const chunks: Buffer[] = [];
      return { onChunk: (chunk) => void chunks.push(chunk), onEnd: () => (pass.index = Buffer.concat(chunks)) };
    }
    const digest = digestOfPath(file.name);
    if (!digest) return 'skip';
    pass.sizes.set(digest, file.size);
    const keep = file.size <= KEEP_MAX_BYTES && keptBytes + file.size <= keepTotal;
    if (keep) keptBytes += file.size;
    const chunks: Buffer[] = [];
    return verifyingSink(
      digest,
      (chunk) => void (keep && chunks.push(chunk)),
      (matches) => {
        if (!matches) pass.damaged.add(digest);
        else if (keep) pass.kept.set(digest, Buffer.concat(chunks));
      },
    );
  });
  return pass;
}

async function readAll(stream: Readable, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > limit) {
      stream.destroy();
      throw new Error(`${what} exceeds ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Opens and validates a build record file; every failure is a RecordFileError with a one-line message. */
export async function openRecordFile(path: string, opts: OpenRecordFileOpts = {}): Promise<RecordFile> {
  const pass = await firstPass(path, opts.keepBytes ?? KEEP_TOTAL_BYTES);
  const corrupt = (message: string, cause?: unknown) =>
    new RecordFileError('corrupt', `build record file ${path} is damaged: ${message}`, cause === undefined ? undefined : { cause });

  const readBlob = (digest: string): Readable => {
    if (pass.damaged.has(digest)) return failed(corrupt(`blob ${digest} does not match its digest`));
    const kept = pass.kept.get(digest);
    if (kept) return Readable.from([kept]);
    if (!pass.sizes.has(digest)) {
      return failed(
        new RecordFileError(
          'blob-missing',
          `blob ${digest} is not in build record file ${path} (such files hold a build's logs, provenance and trace, never layer contents)`,
        ),
      );
    }
    return streamBlob(path, digest);
  };
  const loadJson = async (descriptor: OciDescriptor): Promise<unknown> => {
    if (!pass.sizes.has(descriptor.digest) && !pass.damaged.has(descriptor.digest))
      throw corrupt(`it names blob ${descriptor.digest} but does not hold it`);
    if (descriptor.size > JSON_MAX_BYTES)
      throw corrupt(`blob ${descriptor.digest} is ${descriptor.size} bytes, too big for a manifest or record`);
    const bytes = await readAll(readBlob(descriptor.digest), JSON_MAX_BYTES, `blob ${descriptor.digest}`);
    try {
      return JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw corrupt(`blob ${descriptor.digest} is not JSON`, error);
    }
  };

  if (!pass.index)
    throw new RecordFileError('not-a-record', `${path} is not a build record file: the archive has no index.json (not an OCI layout)`);
  let indexJson: unknown;
  try {
    indexJson = JSON.parse(pass.index.toString('utf8'));
  } catch (error) {
    throw new RecordFileError('not-a-record', `${path} is not a build record file: its index.json is not JSON`, { cause: error });
  }
  let found: Awaited<ReturnType<typeof findRecordManifests>>;
  try {
    found = await findRecordManifests(parseLayoutJson(ociIndexSchema, indexJson, 'index.json'), loadJson);
  } catch (error) {
    if (error instanceof RecordFileError) throw error;
    throw corrupt(errorMessage(error), error);
  }
  if (found.manifests.length === 0 && found.newerFormats.length > 0) {
    throw new RecordFileError(
      'unsupported',
      `${path} holds build records in format ${found.newerFormats.join(', ')}, newer than this buildlens reads (${HISTORY_RECORD_V0})`,
    );
  }
  if (found.manifests.length === 0) {
    throw new RecordFileError('not-a-record', `${path} holds no build record: no manifest in it has a config of type ${HISTORY_RECORD_V0}`);
  }
  const records: RecordEntry[] = [];
  for (const manifest of found.manifests) records.push(await toEntry(manifest, loadJson, corrupt));
  records.sort((a, b) => (b.record.createdAt?.getTime() ?? 0) - (a.record.createdAt?.getTime() ?? 0));
  return recordFile(path, records, readBlob, (digest) => pass.sizes.has(digest) && !pass.damaged.has(digest));
}

async function toEntry(
  manifest: RecordManifest,
  loadJson: (d: OciDescriptor) => Promise<unknown>,
  corrupt: (message: string) => RecordFileError,
): Promise<RecordEntry> {
  const parsed = historyRecordJsonSchema.safeParse(await loadJson(manifest.config));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw corrupt(
      `record ${manifest.config.digest} is not a valid build history record (${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'})`,
    );
  }
  const entry: RecordEntry = {
    ref: parsed.data.Ref,
    record: toHistoryRecord(parsed.data),
    blobs: manifest.layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size, annotations: { ...l.annotations } })),
    numWarnings: parsed.data.numWarnings ?? 0,
  };
  const externalError = toBlobDescriptor(parsed.data.externalError);
  if (externalError) entry.externalError = externalError;
  return entry;
}

function recordFile(
  path: string,
  records: RecordEntry[],
  readBlob: (digest: string) => Readable,
  has: (digest: string) => boolean,
): RecordFile {
  const byRef = (ref: string): RecordEntry | undefined => records.find((r) => r.ref === ref);
  return {
    path,
    records,
    select(ref) {
      if (ref === undefined || ref === '') return records[0] as RecordEntry;
      const exact = byRef(ref);
      if (exact) return exact;
      const prefixed = records.filter((r) => r.ref.startsWith(ref));
      if (prefixed.length === 1) return prefixed[0] as RecordEntry;
      const held = records.map((r) => r.ref).join(', ');
      const why = prefixed.length > 1 ? `"${ref}" matches ${prefixed.length} of its records` : `it holds no record "${ref}"`;
      throw new RecordFileError('ref-not-found', `cannot pick a record from ${path}: ${why} (it holds: ${held})`);
    },
    getRecord: async (ref) => byRef(ref)?.record,
    listRecords: async () => records.map((r) => r.record),
    readBlob,
    has,
  };
}
