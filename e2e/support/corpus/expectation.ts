import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

// One corpus case's expectation file (e2e/corpus/<case>/expect.json), judged
// by hand from the Dockerfile; the format is described in e2e/corpus/README.md.

const severity = z.enum(['error', 'warning', 'info']);
// buildlens's own rules (BL001) and BuildKit's build checks as the report names them (BK/FromAsCasing).
const ruleId = z.string().regex(/^(BL\d{3}|BK\/[A-Za-z]+)$/);
const judged = z.object({ rule: ruleId, line: z.number().int().positive(), why: z.string().min(1) }).strict();
const forbidden = z
  .object({
    rule: ruleId,
    line: z.number().int().positive().optional(),
    reason: z.string().min(1),
    // The finding is acceptable at or below this severity (e.g. BL005 as info on a dev-server target).
    allowUpTo: severity.optional(),
  })
  .strict();
const miss = z
  .object({
    line: z.number().int().positive(),
    cause: z.enum(['instruction-changed', 'build-arg-changed', 'base-image-changed', 'context-files-changed', 'parent-missed', 'cache-unavailable', 'unknown']),
    parentLine: z.number().int().positive().optional(),
  })
  .strict();

const expectationSchema = z
  .object({
    build: z.object({ target: z.string().optional(), buildArgs: z.record(z.string(), z.string()).default({}) }).strict(),
    edit: z.object({ file: z.string().min(1), append: z.string().includes('{stamp}') }).strict(),
    findings: z.object({ mustAppear: z.array(judged), mayAppear: z.array(judged), mustNotAppear: z.array(forbidden) }).strict(),
    cacheAfterEdit: z.object({ misses: z.array(miss) }).strict(),
    image: z.object({ minBytes: z.number().int().positive(), maxBytes: z.number().int().positive(), why: z.string().min(1) }).strict(),
  })
  .strict();

/** A parsed expect.json. */
export type Expectation = z.infer<typeof expectationSchema>;

/** One case of the corpus: its name, build context and expectation. */
export interface CorpusCase {
  name: string;
  dir: string;
  context: string;
  expectation: Expectation;
}

/** Every case under root (each folder with an expect.json), by name; a malformed file throws naming it. */
export function loadCorpus(root: string): CorpusCase[] {
  return readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory())
    .sort()
    .map((name) => {
      const dir = join(root, name);
      const file = join(dir, 'expect.json');
      const parsed = expectationSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
      return { name, dir, context: join(dir, 'context'), expectation: parsed.data };
    });
}
