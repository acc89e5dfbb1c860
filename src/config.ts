import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_THRESHOLDS, type RulesConfig } from './analysis/input.js';
import { UsageError } from './errors.js';

// buildlens.config.json, or the "buildlens" key of package.json, in the build
// context: rules to disable or re-grade, thresholds, CI budgets.

const configSchema = z.object({
  rules: z.record(z.string().regex(/^BL\d{3}$/, 'rule ids look like BL003'), z.enum(['off', 'error', 'warning', 'info'])).optional(),
  thresholds: z.object(Object.fromEntries(Object.keys(DEFAULT_THRESHOLDS).map((k) => [k, z.number().nonnegative().optional()]))).strict().optional(),
  budgets: z.object({
    maxImageSize: z.number().optional(),
    maxWasted: z.number().optional(),
    minCacheRatio: z.number().min(0).max(1).optional(),
    maxDuration: z.number().optional(),
    failOn: z.enum(['error', 'warning']).optional(),
    maxGrowth: z.number().optional(),
  }).optional(),
}).strict();

/** A loaded configuration. */
export interface LoadedConfig {
  rules: RulesConfig;
  budgets: z.infer<typeof configSchema>['budgets'];
  source?: string;
}

/** Loads the config from a directory; none found means defaults; a bad one is a one-line usage error. */
export async function loadConfig(dir: string | undefined): Promise<LoadedConfig> {
  const defaults: LoadedConfig = { rules: { rules: {}, thresholds: { ...DEFAULT_THRESHOLDS } }, budgets: undefined };
  if (!dir) return defaults;
  for (const [file, pick] of [['buildlens.config.json', (j: unknown) => j], ['package.json', (j: unknown) => (typeof j === 'object' && j !== null && 'buildlens' in j ? j.buildlens : undefined)]] as const) {
    const path = join(dir, file);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      continue;
    }
    let json: unknown;
    try {
      json = pick(JSON.parse(text));
    } catch {
      throw new UsageError(`${path} is not valid JSON`);
    }
    if (json === undefined) continue;
    const parsed = configSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(`${path}: ${issue?.path.join('.') || 'config'}: ${issue?.message ?? 'invalid'}`);
    }
    const thresholds = { ...DEFAULT_THRESHOLDS };
    for (const [k, v] of Object.entries(parsed.data.thresholds ?? {})) if (typeof v === 'number' && k in thresholds) thresholds[k as keyof typeof thresholds] = v;
    return { rules: { rules: parsed.data.rules ?? {}, thresholds }, budgets: parsed.data.budgets, source: path };
  }
  return defaults;
}
