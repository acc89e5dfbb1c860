import { z } from 'zod';
import { BUDGETS, type BudgetSpec } from './budgets.js';

// The config file's "budgets" object, checked against the budget table
// (config/budgets.ts) so a budget takes the same text as its flag. Apart from
// the table, so the command line can list the flags without loading zod.

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
    minEfficiency: field(BUDGETS.minEfficiency).pipe(z.number().max(1)).optional(),
    maxDiveWasted: field(BUDGETS.maxDiveWasted).optional(),
    maxWastedPercent: field(BUDGETS.maxWastedPercent).pipe(z.number().max(1)).optional(),
  })
  .strict();
