import { z } from 'zod';

// What each finding's `evidence` and each cache miss's `details` hold, by
// rule and by cause: the measurements behind a finding, the names (never
// values) of what changed. One schema per variant, so a reader switches on
// the rule or cause and gets typed fields instead of re-checking unknowns.
// Schemas are built on first use (see report.ts).

/** The evidence schemas of the BL rules, by rule id. */
export function evidenceSchemas() {
  const bytes = z.number().int().nonnegative();
  const line = z.number().int().positive();
  const categoryBytes = z.object({
    category: z.string(),
    bytes,
    files: z.number().int().nonnegative().optional(),
    paths: z.array(z.string()),
  });
  return {
    BL001: z.object({ wastedBytes: bytes, removedBy: z.array(z.object({ line: line.optional(), bytes, paths: z.array(z.string()) })) }),
    BL002: z.object({ caches: z.array(categoryBytes) }),
    BL003: z.object({ layerAddedBytes: bytes.optional(), packageListBytes: bytes.optional(), installedBytes: bytes.optional() }),
    BL004: z.object({ bytes, files: z.number().int().nonnegative(), paths: z.array(z.string()) }),
    BL005: z.union([
      z.object({
        manifest: z.string(),
        packages: z.record(z.string(), bytes),
        closurePackages: z.number().int().nonnegative().optional(),
        developmentImage: z.string().optional(),
      }),
      z.object({ globalTools: z.array(z.string()), bytes }),
    ]),
    BL006: z.object({
      baseBytes: bytes,
      imageBytes: bytes,
      share: z.number(),
      /** The toolchain the base brought, folded in from BL004 (the same bytes). */
      BL004: z.object({ message: z.string(), bytes, files: z.number().int().nonnegative(), paths: z.array(z.string()) }).optional(),
    }),
    BL007: z.object({
      installLine: line,
      installLines: z.array(line).optional(),
      sources: z.array(z.string()).optional(),
      installMs: z.number().nonnegative().optional(),
      installCached: z.boolean().optional(),
      reranBecauseOfCopy: z.boolean().optional(),
      rerunHistory: z.object({ reran: z.number().int(), builds: z.number().int() }).optional(),
    }),
    BL008: z.object({
      contextBytes: bytes,
      files: z.number().int().nonnegative(),
      dockerignore: z.boolean(),
      heavy: z.array(z.object({ path: z.string(), bytes, files: z.number().int().nonnegative() })),
    }),
    BL009: z.union([
      z.object({ paths: z.array(z.string()), files: z.number().int().nonnegative() }),
      z.object({ arg: z.string(), passedThisBuild: z.boolean() }),
    ]),
    BL010: z.object({ user: z.string().nullable() }),
    BL011: z.object({ image: z.string(), tag: z.string().nullable() }),
    BL012: z.object({ bytes, totalInImage: bytes, categories: z.array(categoryBytes) }),
    BL013: z.object({ durationMs: z.number().nonnegative(), cached: z.boolean().optional(), cacheTarget: z.string().optional() }),
    BL014: z.object({ lines: z.array(line) }),
    BL015: z.object({ toolchainBytes: bytes, devDependencyBytes: bytes }),
    // The secret's id and where its bytes are, never the bytes or their hash.
    BL016: z.object({ secret: z.string(), paths: z.array(z.string()), layer: z.string(), base: z.boolean() }),
  } as const;
}

/** The details schemas of cache misses, by cause. */
export function missDetailsSchemas() {
  const files = z.array(z.string());
  const reason = z.object({ reason: z.string() });
  return {
    // previous: the instruction it replaced, null when the line is new.
    'instruction-changed': z.object({ previous: z.string().nullable(), current: z.string() }),
    'build-arg-changed': z.object({ args: z.array(z.string()), note: z.string().optional() }),
    'base-image-changed': z.object({ previous: z.string(), current: z.string() }),
    'context-files-changed': z.object({
      sources: files,
      added: files.optional(),
      removed: files.optional(),
      modified: files.optional(),
      /** How many changed files the lists leave out. */
      more: z.number().int().nonnegative().optional(),
      /** Why no file list is given (the two builds' context files were not both recorded). */
      files: z.string().optional(),
    }),
    'parent-missed': z.object({ parentLine: z.number().int().positive().optional(), parentInstruction: z.string().optional() }),
    'cache-unavailable': reason,
    unknown: reason,
  } as const;
}
