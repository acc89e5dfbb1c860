import { z } from 'zod';

// The JSON of `buildlens diff A B` (diffVersion 1): what grew, shrank and
// changed between two images or builds, per Dockerfile line when both sides
// have lines, else per layer; the files added, removed and grown; the base
// image. Sizes are bytes (uncompressed, as the layers hold them), times ms.

function defineDiffSchema() {
  const bytes = z.number().int().nonnegative();
  const side = z.object({
    name: z.string(),
    kind: z.string(),
    dockerfile: z.string().optional(),
    size: bytes,
    uncompressedSize: bytes,
    wastedBytes: bytes,
    efficiency: z.number(),
    layers: z.number().int().nonnegative(),
    durationMs: z.number().nonnegative().optional(),
  });
  const rowSide = z.object({
    line: z.number().int().positive().optional(),
    layer: z.number().int().nonnegative().optional(),
    bytes: bytes,
    files: z.number().int().nonnegative(),
    durationMs: z.number().nonnegative().optional(),
    cached: z.boolean().optional(),
  });
  const fileSet = z.object({
    count: z.number().int().nonnegative(),
    bytes: bytes,
    top: z.array(z.object({ path: z.string(), bytes: bytes })),
  });
  const baseSide = z.object({
    layers: z.number().int().nonnegative(),
    bytes: bytes,
    from: z.string().optional(),
    digests: z.array(z.string()),
  });
  return z.object({
    diffVersion: z.literal(1),
    a: side,
    b: side,
    by: z.enum(['line', 'layer']),
    base: z.object({ changed: z.boolean(), a: baseSide, b: baseSide }),
    rows: z.array(
      z.object({
        instruction: z.string(),
        /** A's instruction, when an edited line was paired with B's. */
        was: z.string().optional(),
        status: z.enum(['added', 'removed', 'changed', 'same']),
        a: rowSide.optional(),
        b: rowSide.optional(),
        deltaBytes: z.number().int(),
      }),
    ),
    files: z
      .object({
        added: fileSet,
        removed: fileSet,
        grown: fileSet.extend({ top: z.array(z.object({ path: z.string(), bytes: bytes, before: bytes, after: bytes })) }),
        shrunk: fileSet.extend({ top: z.array(z.object({ path: z.string(), bytes: bytes, before: bytes, after: bytes })) }),
      })
      .optional(),
    notes: z.array(z.string()),
  });
}

let schema: ReturnType<typeof defineDiffSchema> | undefined;

/** The diff JSON schema (diffVersion 1). */
export function diffSchema(): ReturnType<typeof defineDiffSchema> {
  return (schema ??= defineDiffSchema());
}

/** A diff of two images or builds. */
export type ImageDiff = z.infer<ReturnType<typeof defineDiffSchema>>;
/** One row: a line (or layer) and what it holds on each side. */
export type DiffRow = ImageDiff['rows'][number];
/** One side's totals. */
export type DiffSide = ImageDiff['a'];
