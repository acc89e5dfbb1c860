import { createHash } from 'node:crypto';

// A digest of each LLB step's definition as the provenance records it: the
// op itself and, recursively, the definitions of its inputs. BuildKit's
// vertex digests cannot be compared across builds for anything that stands
// on the build context: the context's source op carries per-session
// attributes, so every step after it gets a new vertex digest on every
// build. The provenance leaves those attributes out, so equal definition
// digests mean the step was asked for in exactly the same way; a miss of
// such a step was caused by content (the context's files) or by the cache,
// never by the Dockerfile, a build arg or a base image. The digests are held
// in memory only: an exec op's environment holds build-arg values.

/** One LLB op as the provenance lists it. */
export interface LlbOpJson {
  id: string;
  op: unknown;
  inputs?: string[] | undefined;
}

/** A step's definition digest, and whether it reads the build context (a local source) directly. */
export interface StepDefinition {
  digest: string;
  readsContext: boolean;
}

// JSON with object keys sorted, so equal ops give equal text whatever the key order.
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function isLocalSource(op: unknown): boolean {
  const identifier = (op as { Op?: { source?: { identifier?: unknown } } } | null)?.Op?.source?.identifier;
  return typeof identifier === 'string' && identifier.startsWith('local://');
}

/** The definition of every step, by step id. */
export function stepDefinitions(ops: readonly LlbOpJson[]): Map<string, StepDefinition> {
  const byId = new Map(ops.map((o) => [o.id, o]));
  const done = new Map<string, StepDefinition>();
  const visiting = new Set<string>();
  const define = (id: string): StepDefinition | undefined => {
    const known = done.get(id);
    if (known) return known;
    const op = byId.get(id);
    // A cycle or a dangling input: no definition rather than a wrong one.
    if (!op || visiting.has(id)) return undefined;
    visiting.add(id);
    try {
      const hash = createHash('sha256').update(canonical(op.op));
      let readsContext = false;
      for (const input of op.inputs ?? []) {
        const [inputId = '', output = '0'] = input.split(':');
        const inputDefinition = define(inputId);
        if (!inputDefinition) return undefined;
        if (isLocalSource(byId.get(inputId)?.op)) readsContext = true;
        hash.update(`\n${inputDefinition.digest}:${output}`);
      }
      const definition = { digest: `sha256:${hash.digest('hex')}`, readsContext };
      done.set(id, definition);
      return definition;
    } finally {
      visiting.delete(id);
    }
  };
  for (const op of ops) define(op.id);
  return done;
}
