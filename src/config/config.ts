import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_THRESHOLDS, type RulesConfig, type Thresholds } from '../analysis/input.js';
import { RULES } from '../analysis/rules/index.js';
import type { Budgets } from './budgets.js';
import { budgetsSchema } from './budgets-schema.js';
import { errorMessage, UsageError } from '../core/errors.js';

// buildlens.config.json, or the "buildlens" key of package.json, in the build
// context: rules to disable or re-grade, thresholds, CI budgets. A bad file
// is one usage error naming the file and the field, never a stack trace.

const RULE_IDS = new Set(RULES.map((r) => r.id));
// BuildKit's own checks, by the name BuildKit gives them (BK/FromAsCasing).
const BUILD_CHECK_ID = /^BK\/[A-Z][A-Za-z0-9]*$/;

const thresholdsSchema = z
  .object(
    Object.fromEntries(Object.keys(DEFAULT_THRESHOLDS).map((key) => [key, z.number().nonnegative().optional()])) as Record<
      keyof Thresholds,
      z.ZodOptional<z.ZodNumber>
    >,
  )
  .strict();

const configSchema = z
  .object({
    $schema: z.string().optional(),
    rules: z
      .record(z.string(), z.enum(['off', 'error', 'warning', 'info']))
      .superRefine((rules, ctx) => {
        for (const id of Object.keys(rules))
          if (!RULE_IDS.has(id) && !BUILD_CHECK_ID.test(id))
            ctx.addIssue({
              code: 'custom',
              path: [id],
              message:
                `unknown rule id (rules are BL001 to BL0${String(RULES.length).padStart(2, '0')}, and BuildKit's checks ` +
                `BK/<RuleName>)`,
            });
      })
      .optional(),
    thresholds: thresholdsSchema.optional(),
    budgets: budgetsSchema.optional(),
  })
  .strict();

export type { Budgets };

/** A loaded configuration. */
export interface LoadedConfig {
  rules: RulesConfig;
  budgets: Budgets | undefined;
  /** The file it came from; absent when defaults apply. */
  source?: string;
}

/** The built-in configuration: every rule at its default severity, default thresholds, no budgets. */
export function defaultConfig(): LoadedConfig {
  return { rules: { rules: {}, thresholds: { ...DEFAULT_THRESHOLDS } }, budgets: undefined };
}

/** Validates parsed JSON as a config; `where` names the file in the error. */
export function parseConfig(json: unknown, where: string): LoadedConfig {
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${where}: ${issue?.path.map(String).join('.') || 'config'}: ${issue?.message ?? 'invalid'}`, {
      cause: parsed.error,
    });
  }
  const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS };
  for (const key of Object.keys(DEFAULT_THRESHOLDS) as Array<keyof Thresholds>) {
    const value = parsed.data.thresholds?.[key];
    if (value !== undefined) thresholds[key] = value;
  }
  return { rules: { rules: parsed.data.rules ?? {}, thresholds }, budgets: parsed.data.budgets, source: where };
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) return undefined;
    throw new UsageError(`${path} could not be read`, { cause: error });
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${errorMessage(error)}`, { cause: error });
  }
}

/** Loads buildlens.config.json (first) or package.json's "buildlens" key from `dir`; none found means defaults. */
export async function loadConfig(dir: string | undefined): Promise<LoadedConfig> {
  if (!dir) return defaultConfig();
  const own = join(dir, 'buildlens.config.json');
  const ownText = await readIfPresent(own);
  if (ownText !== undefined) return parseConfig(parseJson(ownText, own), own);
  const pkg = join(dir, 'package.json');
  const pkgText = await readIfPresent(pkg);
  if (pkgText === undefined) return defaultConfig();
  const json = parseJson(pkgText, pkg);
  if (typeof json !== 'object' || json === null || !('buildlens' in json)) return defaultConfig();
  return parseConfig(json.buildlens, `${pkg} (key "buildlens")`);
}
