// One build that buildlens ran, as kept in the state directory. Read back
// through zod: the files are outside data (other versions, other processes, disk faults).
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { contextManifestSchema } from '../context/manifest.js';
import { FINGERPRINT_PATTERN } from './key.js';

/** A fingerprint, never a value: the pattern rejects a raw value passed by mistake. */
export const fingerprintSchema = z.string().regex(FINGERPRINT_PATTERN, 'build-arg values must be fingerprinted before they are recorded');

/** The build context as sent (what BL008 measures), kept so a later report of the build sees what this one saw. */
const contextFactsSchema = z.object({
  dir: z.string(),
  dockerignore: z.boolean(),
  dockerignoreFile: z.string().optional(),
  files: z.number(),
  bytes: z.number(),
  ignoredFiles: z.number(),
  ignoredBytes: z.number(),
  heavy: z.array(z.object({ path: z.string(), bytes: z.number(), files: z.number() })),
  secrets: z.array(z.string()),
});

const isoTime = z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'not a date');

/** Validates a build record, manifest included. */
export const buildRecordSchema = z.object({
  ref: z.string().min(1),
  builder: z.string(),
  /** Absolute path, or "-" when the Dockerfile came from stdin. */
  dockerfile: z.string().refine((path) => path === '-' || isAbsolute(path), 'must be an absolute path or "-"'),
  contextDir: z.string(),
  target: z.string().optional(),
  platforms: z.array(z.string()),
  startedAt: isoTime,
  /** Build-arg name -> fingerprint of its value. */
  buildArgs: z.record(z.string(), fingerprintSchema),
  noCache: z.boolean(),
  noCacheFilter: z.array(z.string()),
  manifest: contextManifestSchema.optional(),
  context: contextFactsSchema.optional(),
  /** The steps that missed the cache, by instruction text, with the root cause of their chain. */
  missed: z.array(z.object({ instruction: z.string(), cause: z.string(), rootCause: z.string() })).optional(),
});

/** One build buildlens ran. */
export type BuildRecord = z.infer<typeof buildRecordSchema>;

/** The record file's shape: the record minus its manifest, which lives in its own gzip file. */
export const storedRecordSchema = z.object({
  version: z.literal(1),
  record: buildRecordSchema.omit({ manifest: true }),
  hasManifest: z.boolean(),
});

/** A record file's contents. */
export type StoredRecord = z.infer<typeof storedRecordSchema>;

/** What identifies builds whose caches are worth comparing. */
export interface ComparableQuery {
  builder: string;
  dockerfile: string;
  target?: string | undefined;
  platforms: readonly string[];
  /** Only builds started strictly before this ISO time. */
  before: string;
}

function samePlatforms(a: readonly string[], b: readonly string[]): boolean {
  const left = [...new Set(a)].sort();
  const right = [...new Set(b)].sort();
  return left.length === right.length && left.every((p, i) => p === right[i]);
}

/** Whether a recorded build matches a query (same builder, Dockerfile, target and platform set, and earlier). */
export function isComparable(record: Omit<BuildRecord, 'manifest'>, query: ComparableQuery): boolean {
  return (
    record.builder === query.builder &&
    record.dockerfile === query.dockerfile &&
    (record.target ?? '') === (query.target ?? '') &&
    samePlatforms(record.platforms, query.platforms) &&
    Date.parse(record.startedAt) < Date.parse(query.before)
  );
}
