// cache-inputs.json: what a report directory keeps beside report.json so a
// later run, on another machine, can tell why its cache missed: which context
// files each step read (a COPY/ADD, a RUN's bind mount: path, size, mode, content hash) and a
// fingerprint of each build arg. Never a file's contents or an arg's value.
// The format is documented in docs/cache-inputs.md; version 1.
import { z } from 'zod';
import { manifestEntrySchema } from '../context/manifest.js';
import { fingerprintSchema } from '../build-records/record.js';

/** The file's name inside a report directory. */
export const CACHE_INPUTS_FILE = 'cache-inputs.json';

/** Files listed at most; past that only each COPY's digest can tell a change. */
export const MAX_LISTED_FILES = 20_000;

/** One context file some COPY/ADD copied: the manifest entry, a keyed fingerprint in place of the hash for credential-like paths. */
export const cacheInputFileSchema = manifestEntrySchema.extend({
  /** HMAC of the content hash under the build's key, for paths named like credentials (.env, *.pem, ...): sha256 is then null. */
  fingerprint: fingerprintSchema.optional(),
});

/** One listed context file. */
export type CacheInputFile = z.infer<typeof cacheInputFileSchema>;

/** One step that reads the build context: a COPY/ADD, or a RUN that bind-mounts it. */
export const cacheInputCopySchema = z.object({
  /** The report's step id, line range, stage and instruction text. */
  step: z.string(),
  stage: z.string(),
  line: z.number().int().positive(),
  endLine: z.number().int().positive(),
  instruction: z.string(),
  /** The context paths it names (as written; globs kept). */
  sources: z.array(z.string()),
  /** How many context files it copies. */
  files: z.number().int().nonnegative(),
  /** sha256 over the copied files' paths, modes and hashes (fingerprints where keyed): equal digests, equal inputs. */
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  /** The digest covers keyed fingerprints: comparable only under the same keyId. */
  keyed: z.boolean(),
});

/** One step that reads the context. */
export type CacheInputCopy = z.infer<typeof cacheInputCopySchema>;

/** cache-inputs.json, version 1. Unknown fields (later minor additions) are ignored when read. */
export const cacheInputsSchema = z.object({
  version: z.literal(1),
  /** The build these inputs belong to (report.json's build.ref). */
  ref: z.string().min(1),
  /** Identifies the key behind every fingerprint here: fingerprints compare only between files with the same keyId. */
  keyId: fingerprintSchema,
  /** Build-arg name -> fingerprint of its value, for the args given on the command line. */
  buildArgs: z.record(z.string(), fingerprintSchema),
  noCache: z.boolean(),
  noCacheFilter: z.array(z.string()),
  copies: z.array(cacheInputCopySchema),
  /** The context files any COPY/ADD copied, sorted by path. */
  files: z.array(cacheInputFileSchema),
  /** False when more files were copied than listed (see MAX_LISTED_FILES) or the context was not scanned. */
  filesComplete: z.boolean(),
});

/** cache-inputs.json as read or written. */
export type CacheInputs = z.infer<typeof cacheInputsSchema>;
