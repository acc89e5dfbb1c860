import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { errorMessage, UsageError } from '../core/errors.js';
import { parseBytes } from '../core/units.js';
import type { Budgets } from './budgets.js';

// dive's CI file (.dive-ci) as dive reads it: `rules:` with lowestEfficiency,
// highestWastedBytes and highestUserWastedPercent (or their snake-case
// names); a key left out takes dive's default (0.9, disabled, 0.1), and
// "disabled", "off", "false" or an empty value turns a rule off. Each rule
// becomes the budget of config/budgets.ts that checks the same number.

const value = z.union([z.string(), z.number(), z.boolean(), z.null()]).optional();
const fileSchema = z
  .object({
    rules: z
      .object({
        lowestEfficiency: value,
        'lowest-efficiency': value,
        highestWastedBytes: value,
        'highest-wasted-bytes': value,
        highestUserWastedPercent: value,
        'highest-user-wasted-percent': value,
      })
      .passthrough()
      .nullable()
      .optional(),
  })
  .passthrough();

type Value = z.infer<typeof value>;

const DEFAULTS = { lowestEfficiency: '0.9', highestWastedBytes: 'disabled', highestUserWastedPercent: '0.1' };

/** Reads a .dive-ci file into budgets (minEfficiency, maxDiveWasted, maxWastedPercent); a bad file is a usage error naming it. */
export async function readDiveCi(path: string): Promise<Budgets> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--ci-config: cannot read ${path} (${errorMessage(error)})`, { cause: error });
  }
  let json: unknown;
  try {
    json = parse(text);
  } catch (error) {
    throw new UsageError(`--ci-config: ${path} is not YAML: ${errorMessage(error).split('\n')[0] ?? ''}`, { cause: error });
  }
  const parsed = fileSchema.safeParse(json ?? {});
  if (!parsed.success)
    throw new UsageError(
      `--ci-config: ${path} is not a dive CI file (expected "rules:" with lowestEfficiency, highestWastedBytes, highestUserWastedPercent)`,
    );
  const rules = parsed.data.rules ?? {};
  const pick = (camel: Value, snake: Value, fallback: string): string | undefined => {
    // An empty value (YAML null) is dive's empty string: the rule is off.
    const chosen = camel !== undefined ? camel : snake;
    return disabled(chosen === undefined ? fallback : chosen) ? undefined : String(chosen ?? fallback).trim();
  };
  const where = (key: string): string => `--ci-config: ${path}: ${key}`;
  const budgets: Budgets = {};
  const efficiency = pick(rules.lowestEfficiency, rules['lowest-efficiency'], DEFAULTS.lowestEfficiency);
  if (efficiency !== undefined) budgets.minEfficiency = ratio(efficiency, where('lowestEfficiency'));
  const wasted = pick(rules.highestWastedBytes, rules['highest-wasted-bytes'], DEFAULTS.highestWastedBytes);
  if (wasted !== undefined)
    budgets.maxDiveWasted = parseBytes(wasted.replace(/^(.*\d\s*[kmgtpe])i$/i, '$1iB'), where('highestWastedBytes'));
  const percent = pick(rules.highestUserWastedPercent, rules['highest-user-wasted-percent'], DEFAULTS.highestUserWastedPercent);
  if (percent !== undefined) budgets.maxWastedPercent = ratio(percent, where('highestUserWastedPercent'));
  return budgets;
}

// dive's ratios: a plain number from 0 to 1 (no percent sign).
function ratio(text: string, where: string): number {
  const number = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(number) || number < 0 || number > 1) throw new UsageError(`${where}: "${text}" is not a ratio from 0 to 1`);
  return number;
}

function disabled(value: Value): boolean {
  if (value === null || value === false) return true;
  const text = String(value).trim().toLowerCase();
  return text === '' || text === 'disabled' || text === 'off' || text === 'false';
}
