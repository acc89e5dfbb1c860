import { z } from 'zod';
import type { BlobDescriptor } from '../buildkit/types.js';
import { buildArgNamesOf } from '../buildkit/frontend-attrs.js';
import { stepDefinitions, type StepDefinition } from './llb-definition.js';
import { ProvenanceShapeError, readProvenanceParts } from './provenance-shapes.js';

// The provenance BuildKit keeps with every build in history (SLSA v0.2, or v1
// when asked for; provenance-shapes.ts reads either). It ties vertex digests
// to LLB steps, steps to Dockerfile line ranges, and steps to their layers.
// Build-arg values also live in it: they are dropped where they enter here.

const position = z.object({ line: z.number().int().optional() }).partial();
const range = z.object({ start: position.optional(), end: position.optional() });
const location = z.object({ sourceIndex: z.number().int().optional(), ranges: z.array(range).optional() });
const descriptor = z.object({ mediaType: z.string(), digest: z.string(), size: z.number() });

const llbOp = z.object({
  id: z.string(),
  op: z
    .object({
      Op: z.record(z.string(), z.unknown()).nullish(),
      platform: z.object({ Architecture: z.string().optional(), OS: z.string().optional(), Variant: z.string().optional() }).nullish(),
    })
    .passthrough(),
  inputs: z.array(z.string()).optional(),
});

const buildkitMetadata = z
  .object({
    source: z
      .object({
        locations: z.record(z.string(), z.object({ locations: z.array(location).optional() })).optional(),
        infos: z
          .array(z.object({ filename: z.string().optional(), language: z.string().optional(), data: z.string().optional() }))
          .optional(),
      })
      .optional(),
    layers: z.record(z.string(), z.array(z.array(descriptor))).optional(),
  })
  .passthrough();

/** A 1-based inclusive line range in the Dockerfile. */
export interface LineRange {
  line: number;
  endLine: number;
}

/** The LLB step behind a vertex, reduced to what analysis needs. */
export interface LlbStep {
  id: string;
  kind: string;
  inputs: string[];
  /** For source ops: the identifier, e.g. docker-image://... or local://context. */
  identifier?: string;
}

/** What the provenance says, in the project's own terms. */
export interface ProvenanceFacts {
  dockerfile?: { filename: string; text: string };
  platform?: string;
  /** Names of the build args the frontend received (never values). */
  buildArgNames: string[];
  digestToStep: Map<string, string>;
  /** Per step id, one range per place in the Dockerfile that produced it. */
  stepLocations: Map<string, LineRange[]>;
  /** Per step id, the full layer chain of its result (base first). */
  stepLayers: Map<string, BlobDescriptor[]>;
  steps: Map<string, LlbStep>;
  /** Per step id, its definition digest (comparable across builds; llb-definition.ts). In memory only. */
  definitions?: Map<string, StepDefinition>;
  materials: Array<{ uri: string; digest?: string }>;
}

/** Parses provenance JSON (SLSA v0.2 or v1, a bare predicate or an in-toto statement); throws a clear error when it is neither. */
export function parseProvenance(json: unknown): ProvenanceFacts {
  const p = readProvenanceParts(json);
  const llb = z.array(llbOp).safeParse(p.llbDefinition);
  if (!llb.success)
    throw new ProvenanceShapeError(
      `${p.form} provenance: its LLB definition is not in the expected form: ${llb.error.issues[0]?.message ?? 'invalid'}`,
    );
  const meta = buildkitMetadata.safeParse(p.buildkitMetadata ?? {});
  if (!meta.success)
    throw new ProvenanceShapeError(
      `${p.form} provenance: BuildKit's metadata is not in the expected form: ${meta.error.issues[0]?.message ?? 'invalid'}`,
    );
  const bk = meta.data;

  const facts: ProvenanceFacts = {
    buildArgNames: buildArgNamesOf(p.argKeys),
    digestToStep: new Map(Object.entries(p.digestMapping)),
    stepLocations: new Map(),
    stepLayers: new Map(),
    steps: new Map(),
    materials: p.materials.map((m) => {
      const digest = m.digest?.sha256;
      return digest ? { uri: m.uri, digest: `sha256:${digest}` } : { uri: m.uri };
    }),
  };
  if (p.platform) facts.platform = p.platform;

  const info = bk.source?.infos?.find((i) => (i.language ?? 'Dockerfile') === 'Dockerfile') ?? bk.source?.infos?.[0];
  if (info?.data !== undefined) {
    facts.dockerfile = { filename: info.filename ?? 'Dockerfile', text: Buffer.from(info.data, 'base64').toString('utf8') };
  }
  for (const [step, entry] of Object.entries(bk.source?.locations ?? {})) {
    const ranges: LineRange[] = [];
    for (const loc of entry.locations ?? []) {
      const lines = (loc.ranges ?? [])
        .flatMap((r) => [r.start?.line, r.end?.line])
        .filter((n): n is number => typeof n === 'number' && n > 0);
      if (lines.length > 0) ranges.push({ line: Math.min(...lines), endLine: Math.max(...lines) });
    }
    if (ranges.length > 0) facts.stepLocations.set(step, ranges);
  }
  for (const [key, chains] of Object.entries(bk.layers ?? {})) {
    const chain = chains[0];
    if (chain)
      facts.stepLayers.set(
        key.replace(/:\d+$/, ''),
        chain.map((d) => ({ ...d, annotations: {} })),
      );
  }
  for (const op of llb.data) {
    const kinds = Object.keys(op.op.Op ?? {});
    const kind = kinds[0] ?? 'unknown';
    const step: LlbStep = { id: op.id, kind, inputs: (op.inputs ?? []).map((i) => i.replace(/:\d+$/, '')) };
    const source = op.op.Op?.source;
    if (
      kind === 'source' &&
      typeof source === 'object' &&
      source !== null &&
      'identifier' in source &&
      typeof source.identifier === 'string'
    ) {
      step.identifier = source.identifier;
    }
    facts.steps.set(op.id, step);
  }
  facts.definitions = stepDefinitions(llb.data);
  return facts;
}
