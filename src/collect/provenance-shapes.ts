import { z } from 'zod';

// The two forms in which BuildKit keeps a build's provenance in history: SLSA
// v0.2 (the default) and SLSA v1 (BUILDKIT_HISTORY_PROVENANCE_V1=1, where
// BuildKit is heading). Both carry the same facts in different places; this
// reads either into one shape. Anything else is an error that says what it
// saw, so a provenance BuildKit may write later is never read as empty.

const BUILDKIT_METADATA_V02 = 'https://mobyproject.org/buildkit@v1#metadata';

const material = z.object({ uri: z.string(), digest: z.record(z.string(), z.string()).optional() });
// Build-arg values are secrets-in-waiting: only the keys are kept.
const argKeys = z
  .record(z.string(), z.unknown())
  .optional()
  .transform((args) => Object.keys(args ?? {}));
const buildConfig = z.object({
  llbDefinition: z.array(z.unknown()).optional(),
  digestMapping: z.record(z.string(), z.string()).optional(),
});

const v02Schema = z.object({
  materials: z.array(material).optional(),
  invocation: z
    .object({
      parameters: z.object({ args: argKeys }).passthrough().optional(),
      environment: z.object({ platform: z.string().optional() }).passthrough().optional(),
    })
    .optional(),
  buildConfig: buildConfig.optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

const v1Schema = z.object({
  buildDefinition: z
    .object({
      resolvedDependencies: z.array(material).optional(),
      externalParameters: z
        .object({ request: z.object({ args: argKeys }).passthrough().optional() })
        .passthrough()
        .optional(),
      internalParameters: z
        .object({ buildConfig: buildConfig.optional(), builderPlatform: z.string().optional() })
        .passthrough()
        .optional(),
    })
    .passthrough(),
  runDetails: z
    .object({ metadata: z.object({ buildkit_metadata: z.unknown().optional() }).passthrough().optional() })
    .passthrough()
    .optional(),
});

const statementSchema = z.object({ predicateType: z.string().optional(), predicate: z.record(z.string(), z.unknown()) });

/** Thrown when provenance is in neither known form; its message says what was there. */
export class ProvenanceShapeError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ProvenanceShapeError';
  }
}

/** The provenance facts buildlens reads, wherever the form keeps them (still unvalidated below buildConfig and the BuildKit metadata). */
export interface ProvenanceParts {
  form: 'slsa-v0.2' | 'slsa-v1';
  materials: Array<z.infer<typeof material>>;
  /** Frontend arg keys, e.g. build-arg:NAME (never values). */
  argKeys: string[];
  platform?: string;
  llbDefinition: unknown[];
  digestMapping: Record<string, string>;
  /** BuildKit's own metadata (source locations, layers, sysUsage). */
  buildkitMetadata: unknown;
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : 'invalid';
}

function fromV02(predicate: unknown): ProvenanceParts {
  const parsed = v02Schema.safeParse(predicate);
  if (!parsed.success) throw new ProvenanceShapeError(`SLSA v0.2 provenance with an unexpected field at ${firstIssue(parsed.error)}`);
  const p = parsed.data;
  const parts: ProvenanceParts = {
    form: 'slsa-v0.2',
    materials: p.materials ?? [],
    argKeys: p.invocation?.parameters?.args ?? [],
    llbDefinition: p.buildConfig?.llbDefinition ?? [],
    digestMapping: p.buildConfig?.digestMapping ?? {},
    buildkitMetadata: p.metadata?.[BUILDKIT_METADATA_V02],
  };
  const platform = p.invocation?.environment?.platform;
  if (platform) parts.platform = platform;
  return parts;
}

function fromV1(predicate: unknown): ProvenanceParts {
  const parsed = v1Schema.safeParse(predicate);
  if (!parsed.success) throw new ProvenanceShapeError(`SLSA v1 provenance with an unexpected field at ${firstIssue(parsed.error)}`);
  const { buildDefinition: definition, runDetails } = parsed.data;
  const internal = definition.internalParameters;
  const parts: ProvenanceParts = {
    form: 'slsa-v1',
    materials: definition.resolvedDependencies ?? [],
    argKeys: definition.externalParameters?.request?.args ?? [],
    llbDefinition: internal?.buildConfig?.llbDefinition ?? [],
    digestMapping: internal?.buildConfig?.digestMapping ?? {},
    buildkitMetadata: runDetails?.metadata?.buildkit_metadata,
  };
  if (internal?.builderPlatform) parts.platform = internal.builderPlatform;
  return parts;
}

/** Reads a provenance predicate (bare, or inside an in-toto statement) of either form; throws ProvenanceShapeError otherwise. */
export function readProvenanceParts(json: unknown): ProvenanceParts {
  const statement = statementSchema.safeParse(json);
  const predicate: unknown = statement.success ? statement.data.predicate : json;
  if (typeof predicate !== 'object' || predicate === null || Array.isArray(predicate)) {
    throw new ProvenanceShapeError(`provenance is not a JSON object (${Array.isArray(predicate) ? 'an array' : typeof predicate})`);
  }
  if ('buildDefinition' in predicate) return fromV1(predicate);
  if ('buildConfig' in predicate || 'invocation' in predicate || 'metadata' in predicate) return fromV02(predicate);
  const type = statement.success && statement.data.predicateType ? `predicate type ${statement.data.predicateType}, ` : '';
  const keys = Object.keys(predicate).slice(0, 8).join(', ') || 'none';
  throw new ProvenanceShapeError(`provenance in an unknown form (${type}top-level keys: ${keys}); neither SLSA v0.2 nor v1`);
}
