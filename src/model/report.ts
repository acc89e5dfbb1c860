import { z } from 'zod';
import { evidenceSchemas, missDetailsSchemas } from './evidence.js';

// report.json, schemaVersion 1: the public contract (shared/docs/report-contract.md).
// Sizes are bytes, times milliseconds, lines 1-based in build.dockerfile.
// Fields may be added freely; renaming or removing one needs a new schemaVersion.

// Built on first use: constructing these schemas costs ~40 ms, which a cached
// rebuild that writes no report.json should not pay.
function defineSchemas() {
  const line = z.number().int().positive();
  const bytes = z.number().int().nonnegative();
  const millis = z.number().nonnegative();

  const severitySchema = z.enum(['error', 'warning', 'info']);

  const cacheMissCauseSchema = z.enum([
    'instruction-changed',
    'build-arg-changed',
    'base-image-changed',
    'context-files-changed',
    'parent-missed',
    'cache-unavailable',
    'unknown',
  ]);

  const buildErrorSchema = z.object({
    message: z.string(),
    line: line.optional(),
    endLine: line.optional(),
    step: z.string().optional(),
    logTail: z.array(z.string()),
  });

  const buildSchema = z.object({
    ref: z.string(),
    builder: z.string(),
    driver: z.string(),
    node: z.string().optional(),
    /** A build that ran on several nodes of one builder (each its own platforms), under one ref. */
    nodes: z.array(z.object({ name: z.string(), platforms: z.array(z.string()) })).optional(),
    dockerfile: z.string(),
    target: z.string().optional(),
    platforms: z.array(z.string()),
    status: z.enum(['success', 'failed', 'canceled']),
    exitCode: z.number().int(),
    startedAt: z.string(),
    completedAt: z.string().optional(),
    durationMs: millis,
    error: buildErrorSchema.optional(),
    contextBytes: bytes.optional(),
    /** False: the build exported nothing (no --load, --push or --output), so image sizes are partial. */
    exported: z.boolean().optional(),
  });

  const stepLayerSchema = z.object({
    digest: z.string(),
    size: bytes,
    uncompressedSize: bytes,
    files: z.number().int().nonnegative(),
    addedBytes: bytes,
    wastedBytes: bytes,
    /** Which later lines removed or overwrote this layer's bytes. */
    wastedBy: z.array(z.object({ line: line.optional(), bytes: bytes, paths: z.array(z.string()) })).optional(),
  });

  const stepSchema = z.object({
    id: z.string(),
    stage: z.string(),
    platform: z.string().optional(),
    instruction: z.string(),
    line: line,
    endLine: line,
    cached: z.boolean(),
    startedAt: z.string().optional(),
    completedAt: z.string().optional(),
    durationMs: millis,
    error: z.string().optional(),
    /**
     * True: BuildKit canceled the step before it finished (another step failed, or the build was interrupted); it did
     * not fail, and has no error.
     */
    canceled: z.boolean().optional(),
    vertex: z.string().optional(),
    criticalPath: z.boolean().optional(),
    /** For FROM steps: the digest the base image resolved to. */
    baseImage: z.string().optional(),
    /** False: the step's stage is not one the final image is built from (a builder stage), so its layer is not in the image. */
    inFinalImage: z.boolean().optional(),
    layer: stepLayerSchema.optional(),
  });

  const internalStepSchema = z.object({
    kind: z.enum(['context', 'metadata', 'export', 'other']),
    name: z.string(),
    cached: z.boolean(),
    startedAt: z.string().optional(),
    completedAt: z.string().optional(),
    durationMs: millis,
    bytes: bytes.optional(),
  });

  const stageSchema = z.object({
    name: z.string(),
    index: z.number().int().nonnegative(),
    platform: z.string().optional(),
    /** The time the stage's own steps ran (their intervals' union): never the wait for a stage it copies from. */
    durationMs: millis,
    cachedSteps: z.number().int().nonnegative(),
    steps: z.number().int().nonnegative(),
    baseImage: z.string().optional(),
  });

  const imageLayerSchema = z.object({
    digest: z.string(),
    size: bytes,
    uncompressedSize: bytes,
    line: line.optional(),
    base: z.boolean(),
    files: z.number().int().nonnegative().optional(),
    wastedBytes: bytes.optional(),
    step: z.string().optional(),
    /** The image history's `created_by` (an image read directly). */
    createdBy: z.string().optional(),
    /** Bytes of the regular files the layer holds. */
    addedBytes: bytes.optional(),
    /** Which later layers (by index, with their line when known) removed or overwrote this layer's bytes. */
    wastedBy: z
      .array(z.object({ layer: z.number().int().nonnegative(), line: line.optional(), bytes: bytes, paths: z.array(z.string()) }))
      .optional(),
  });

  // dive's own numbers (dive/image/analysis.go), to the last digit, for its users' CI gates.
  const diveSchema = z.object({
    efficiency: z.number().min(0).max(1),
    /** Bytes of every layer's entries. */
    sizeBytes: bytes,
    /** The same without the first layer. */
    userSizeBytes: bytes,
    /** The sum, over paths found in two layers or more, of their bytes in every layer. */
    wastedBytes: bytes,
    /** wastedBytes over userSizeBytes (0 when there are no user bytes). */
    wastedUserPercent: z.number().nonnegative(),
    /** Bytes a directory removal hid that no path of dive's counts. */
    missedBytes: bytes,
    inefficiencies: z.array(z.object({ path: z.string(), count: z.number().int().positive(), cumulativeBytes: bytes })),
  });

  const imageSchema = z.object({
    platform: z.string().optional(),
    /** Only the layers BuildKit had blobs for (nothing exported): sizes are a lower bound. */
    partial: z.boolean().optional(),
    size: bytes,
    uncompressedSize: bytes,
    wastedBytes: bytes,
    efficiency: z.number().min(0).max(1),
    /** wastedBytes written by base-image layers (only a different base reclaims them) and by the rest. */
    baseWastedBytes: bytes.optional(),
    userWastedBytes: bytes.optional(),
    dive: diveSchema.optional(),
    layers: z.array(imageLayerSchema),
    /** A multi-platform export: every platform's image (compressed size and layer count from its manifest). */
    platforms: z
      .array(z.object({ platform: z.string(), manifest: z.string(), size: bytes, layers: z.number().int().nonnegative() }))
      .optional(),
  });

  const findingBase = z.object({
    rule: z.string(),
    severity: severitySchema,
    line: line,
    endLine: line,
    message: z.string(),
    savingsBytes: bytes.optional(),
    savingsMs: millis.optional(),
    relatedLines: z.array(line).optional(),
    // Other rules that apply to the same bytes: named here instead of a second finding.
    relatedRules: z.array(z.string()).optional(),
  });
  const evidence = evidenceSchemas();
  const ruleFinding = <R extends keyof typeof evidence>(rule: R) => findingBase.extend({ rule: z.literal(rule), evidence: evidence[rule] });
  // BuildKit's own checks (BK/<RuleName>) carry what the frontend said.
  const buildCheckFinding = findingBase.extend({
    rule: z.custom<`BK/${string}`>((v) => typeof v === 'string' && v.startsWith('BK/'), 'a BuildKit check id (BK/<RuleName>)'),
    evidence: z.record(z.string(), z.unknown()),
  });
  const findingSchema = z.union([
    z.discriminatedUnion('rule', [
      ruleFinding('BL001'),
      ruleFinding('BL002'),
      ruleFinding('BL003'),
      ruleFinding('BL004'),
      ruleFinding('BL005'),
      ruleFinding('BL006'),
      ruleFinding('BL007'),
      ruleFinding('BL008'),
      ruleFinding('BL009'),
      ruleFinding('BL010'),
      ruleFinding('BL011'),
      ruleFinding('BL012'),
      ruleFinding('BL013'),
      ruleFinding('BL014'),
      ruleFinding('BL015'),
      ruleFinding('BL016'),
    ]),
    buildCheckFinding,
  ]);

  const missBase = z.object({
    line: line,
    endLine: line.optional(),
    step: z.string(),
    instruction: z.string().optional(),
    root: z.boolean().optional(),
    costMs: millis.optional(),
  });
  const details = missDetailsSchemas();
  const missOf = <C extends keyof typeof details>(cause: C) => missBase.extend({ cause: z.literal(cause), details: details[cause] });
  const cacheMissSchema = z.discriminatedUnion('cause', [
    missOf('instruction-changed'),
    missOf('build-arg-changed'),
    missOf('base-image-changed'),
    missOf('context-files-changed'),
    missOf('parent-missed'),
    missOf('cache-unavailable'),
    missOf('unknown'),
  ]);

  const noteSchema = z.object({
    topic: z.string(),
    message: z.string(),
  });

  const reportSchema = z.object({
    schemaVersion: z.literal(1),
    tool: z.object({ name: z.literal('buildlens'), version: z.string() }).optional(),
    build: buildSchema,
    /** Where the evidence came from: the build just run, a history ref, an exported record, … */
    source: z.object({ kind: z.enum(['build', 'history', 'record-file', 'report', 'image']), name: z.string().optional() }).optional(),
    cache: z.object({ steps: z.number().int().nonnegative(), cached: z.number().int().nonnegative(), ratio: z.number().min(0).max(1) }),
    stages: z.array(stageSchema),
    steps: z.array(stepSchema),
    internalSteps: z.array(internalStepSchema).optional(),
    criticalPath: z.array(z.string()).optional(),
    image: imageSchema.optional(),
    findings: z.array(findingSchema),
    cacheMisses: z.array(cacheMissSchema).optional(),
    compareRef: z.string().optional(),
    /** The Dockerfile's lines (line N is index N-1), when the build's Dockerfile was known; secret-named ARG/ENV values masked. */
    dockerfileLines: z.array(z.string()).optional(),
    notes: z.array(noteSchema),
  });
  return {
    severitySchema,
    cacheMissCauseSchema,
    buildErrorSchema,
    buildSchema,
    stepLayerSchema,
    stepSchema,
    internalStepSchema,
    stageSchema,
    imageLayerSchema,
    imageSchema,
    diveSchema,
    findingSchema,
    cacheMissSchema,
    noteSchema,
    reportSchema,
  };
}

type Schemas = ReturnType<typeof defineSchemas>;
let schemas: Schemas | undefined;

/** The report.json schema v1. */
export function reportSchema(): Schemas['reportSchema'] {
  return (schemas ??= defineSchemas()).reportSchema;
}

export type Severity = z.infer<Schemas['severitySchema']>;
export type CacheMissCause = z.infer<Schemas['cacheMissCauseSchema']>;
export type Report = z.infer<Schemas['reportSchema']>;
export type BuildInfo = z.infer<Schemas['buildSchema']>;
export type BuildError = z.infer<Schemas['buildErrorSchema']>;
export type Step = z.infer<Schemas['stepSchema']>;
export type StepLayer = z.infer<Schemas['stepLayerSchema']>;
export type InternalStep = z.infer<Schemas['internalStepSchema']>;
export type Stage = z.infer<Schemas['stageSchema']>;
export type ImageLayer = z.infer<Schemas['imageLayerSchema']>;
export type ImageSummary = z.infer<Schemas['imageSchema']>;
export type DiveNumbers = z.infer<Schemas['diveSchema']>;
export type Finding = z.infer<Schemas['findingSchema']>;
/** A finding of one rule, with that rule's evidence. */
export type FindingOf<R extends Finding['rule']> = Extract<Finding, { rule: R }>;
/** The evidence of one rule's findings. */
export type EvidenceOf<R extends Finding['rule']> = FindingOf<R>['evidence'];
export type CacheMiss = z.infer<Schemas['cacheMissSchema']>;
export type Note = z.infer<Schemas['noteSchema']>;
