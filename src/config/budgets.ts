import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { parseBytes, parseDuration, parsePercent, parseRatio } from '../core/units.js';

// CI budgets, defined once: the command-line flags, the config file's
// "budgets" object, `build --help` and the gates all read this table, so a
// budget means the same thing (and takes the same units) wherever it is set.

/** How one budget is written and read. */
interface BudgetSpec<T> {
  flag: string;
  /** What the flag's value looks like in help. */
  value: string;
  help: string;
  /** Parses the text form ("200MB", "90s", "80%"); throws UsageError naming `flag`. */
  parse(text: string, flag: string): T;
}

function parseFailOn(text: string, flag: string): 'error' | 'warning' {
  if (text === 'error' || text === 'warning') return text;
  throw new UsageError(`${flag}: expected "error" or "warning", got "${text}"`);
}

/** Every budget, by its config-file key. */
export const BUDGETS = {
  maxImageSize: { flag: '--max-image-size', value: 'SIZE', help: 'fail (exit 3) when the image is larger (e.g. 200MB)', parse: parseBytes },
  maxWasted: { flag: '--max-wasted', value: 'SIZE', help: 'fail when wasted bytes exceed SIZE', parse: parseBytes },
  minCacheRatio: { flag: '--min-cache-ratio', value: 'R', help: 'fail when fewer steps were cached (0.8 or 80%)', parse: parseRatio },
  maxDuration: { flag: '--max-duration', value: 'DUR', help: 'fail when the build took longer (e.g. 90s, 5m)', parse: parseDuration },
  failOn: { flag: '--fail-on', value: 'LEVEL', help: 'fail on findings at or above error|warning', parse: parseFailOn },
  maxGrowth: { flag: '--max-growth', value: 'PCT', help: 'fail when the image grew more than PCT% over the baseline', parse: parsePercent },
} as const satisfies Record<string, BudgetSpec<unknown>>;

/** A budget's config-file key. */
export type BudgetKey = keyof typeof BUDGETS;

/** Budgets in bytes, milliseconds, a 0..1 ratio, percent and a severity. */
export type Budgets = { [K in BudgetKey]?: ReturnType<(typeof BUDGETS)[K]['parse']> | undefined };

// A budget in the config file: a number in the base unit, or the text the flag takes.
function field<T>(spec: BudgetSpec<T>) {
  return z.union([z.number().nonnegative(), z.string()]).transform((value, ctx): T => {
    if (typeof value !== 'string') return value as T;
    try {
      return spec.parse(value, 'value');
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message.replace(/^value: /, '') : 'invalid value' });
      return z.NEVER;
    }
  });
}

/** The config file's "budgets" object. */
export const budgetsSchema = z
  .object({
    maxImageSize: field(BUDGETS.maxImageSize).optional(),
    maxWasted: field(BUDGETS.maxWasted).optional(),
    minCacheRatio: field(BUDGETS.minCacheRatio).pipe(z.number().max(1)).optional(),
    maxDuration: field(BUDGETS.maxDuration).optional(),
    failOn: z.enum(['error', 'warning']).optional(),
    maxGrowth: field(BUDGETS.maxGrowth).optional(),
  })
  .strict();

/** The budget whose flag this is, if any. */
export function budgetOfFlag(flag: string): BudgetKey | undefined {
  return (Object.keys(BUDGETS) as BudgetKey[]).find((key) => BUDGETS[key].flag === flag);
}

/** Sets one budget from its flag's text (throws UsageError for a bad value). */
export function setBudget(budgets: Budgets, key: BudgetKey, text: string): void {
  const spec = BUDGETS[key] as BudgetSpec<unknown>;
  (budgets as Record<string, unknown>)[key] = spec.parse(text, spec.flag);
}

/** The help lines of the budget flags, aligned at `width`. */
export function budgetHelpLines(width: number): string[] {
  return Object.values(BUDGETS).map((spec) => `  ${`${spec.flag} ${spec.value}`.padEnd(width)}${spec.help}`);
}

/** The command line's budgets over the config file's. */
export function mergeBudgets(fromFile: Budgets | undefined, fromFlags: Budgets): Budgets {
  return { ...(fromFile ?? {}), ...fromFlags };
}
