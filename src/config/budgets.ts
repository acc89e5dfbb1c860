import { UsageError } from '../core/errors.js';
import { parseBytes, parseDuration, parsePercent, parseRatio } from '../core/units.js';

// CI budgets, defined once: the command-line flags, the config file's
// "budgets" object, `build --help` and the gates all read this table, so a
// budget means the same thing (and takes the same units) wherever it is set.

/** How one budget is written and read. */
export interface BudgetSpec<T> {
  flag: string;
  /** What the flag's value looks like in help. */
  value: string;
  help: string;
  /** Whether it applies to an image read directly (`buildlens image`): sizes and waste do, build times and cache do not. */
  image: boolean;
  /** Parses the text form ("200MB", "90s", "80%"); throws UsageError naming `flag`. */
  parse(text: string, flag: string): T;
}

function parseFailOn(text: string, flag: string): 'error' | 'warning' {
  if (text === 'error' || text === 'warning') return text;
  throw new UsageError(`${flag}: expected "error" or "warning", got "${text}"`);
}

/** Every budget, by its config-file key. */
export const BUDGETS = {
  maxImageSize: {
    flag: '--max-image-size',
    value: 'SIZE',
    help: 'fail (exit 3) when the image is larger, compressed as pushed (e.g. 200MB)',
    image: true,
    parse: parseBytes,
  },
  maxWasted: {
    flag: '--max-wasted',
    value: 'SIZE',
    help: 'fail when wasted bytes (uncompressed, as on disk) exceed SIZE',
    image: true,
    parse: parseBytes,
  },
  minCacheRatio: {
    flag: '--min-cache-ratio',
    value: 'R',
    help: 'fail when fewer steps were cached (0.8 or 80%)',
    image: false,
    parse: parseRatio,
  },
  maxDuration: {
    flag: '--max-duration',
    value: 'DUR',
    help: 'fail when the build took longer (e.g. 90s, 5m)',
    image: false,
    parse: parseDuration,
  },
  failOn: { flag: '--fail-on', value: 'LEVEL', help: 'fail on findings at or above error|warning', image: true, parse: parseFailOn },
  maxGrowth: {
    flag: '--max-growth',
    value: 'PCT',
    help: 'fail when the image (compressed) grew more than PCT% over the baseline',
    image: false,
    parse: parsePercent,
  },
  // dive's CI rules (.dive-ci lowestEfficiency, highestWastedBytes, highestUserWastedPercent), on dive's own numbers.
  minEfficiency: {
    flag: '--min-efficiency',
    value: 'R',
    help: "fail when the image's efficiency (dive's score) is below R (0.9 or 90%)",
    image: true,
    parse: parseRatio,
  },
  maxDiveWasted: {
    flag: '--max-dive-wasted',
    value: 'SIZE',
    help: "fail when dive's wasted bytes (uncompressed; .dive-ci highestWastedBytes) exceed SIZE",
    image: true,
    parse: parseBytes,
  },
  maxWastedPercent: {
    flag: '--max-wasted-percent',
    value: 'R',
    help: "fail when dive's wasted bytes exceed R of the bytes above the first layer",
    image: true,
    parse: parseRatio,
  },
} as const satisfies Record<string, BudgetSpec<unknown>>;

/** A budget's config-file key. */
export type BudgetKey = keyof typeof BUDGETS;

/** Budgets in bytes, milliseconds, a 0..1 ratio, percent and a severity. */
export type Budgets = { [K in BudgetKey]?: ReturnType<(typeof BUDGETS)[K]['parse']> | undefined };

/** The budget whose flag this is, if any. */
export function budgetOfFlag(flag: string): BudgetKey | undefined {
  return (Object.keys(BUDGETS) as BudgetKey[]).find((key) => BUDGETS[key].flag === flag);
}

/** Sets one budget from its flag's text (throws UsageError for a bad value). */
export function setBudget(budgets: Budgets, key: BudgetKey, text: string): void {
  const spec = BUDGETS[key] as BudgetSpec<unknown>;
  (budgets as Record<string, unknown>)[key] = spec.parse(text, spec.flag);
}

/** The budgets that apply to an image read directly. */
export function imageBudgetKeys(): BudgetKey[] {
  return (Object.keys(BUDGETS) as BudgetKey[]).filter((key) => BUDGETS[key].image);
}

/** The help lines of the budget flags, aligned at `width`. */
export function budgetHelpLines(width: number): string[] {
  return Object.values(BUDGETS).map((spec) => `  ${`${spec.flag} ${spec.value}`.padEnd(width)}${spec.help}`);
}

/** The command line's budgets over the config file's. */
export function mergeBudgets(fromFile: Budgets | undefined, fromFlags: Budgets): Budgets {
  return { ...(fromFile ?? {}), ...fromFlags };
}
