import { describe, expect, test } from 'vitest';
import { splitBuildArgv } from '../../src/buildx/args.js';
import { budgetHelpLines, budgetOfFlag, BUDGETS, mergeBudgets, setBudget, type BudgetKey, type Budgets } from '../../src/config/budgets.js';
import { budgetsSchema } from '../../src/config/budgets-schema.js';
import { UsageError } from '../../src/core/errors.js';

// One table of budgets read three ways: a flag, the config file's "budgets"
// object, and `build --help`. The flags are written out here rather than read
// from the table, so a budget missing from it fails a test.
const FLAGS: Record<BudgetKey, string> = {
  maxImageSize: '--max-image-size',
  maxWasted: '--max-wasted',
  minCacheRatio: '--min-cache-ratio',
  maxDuration: '--max-duration',
  failOn: '--fail-on',
  maxGrowth: '--max-growth',
  minEfficiency: '--min-efficiency',
  maxDiveWasted: '--max-dive-wasted',
  maxWastedPercent: '--max-wasted-percent',
};

const fromFlag = (key: BudgetKey, text: string): Budgets => {
  const budgets: Budgets = {};
  setBudget(budgets, key, text);
  return budgets;
};

describe('the same text means the same budget from a flag and from the config file', () => {
  test.each<[BudgetKey, string, unknown]>([
    ['maxImageSize', '200MB', 200_000_000],
    ['maxImageSize', '1.5GiB', 1_610_612_736],
    ['maxImageSize', '500000', 500_000],
    ['maxWasted', '10 MB', 10_000_000],
    ['minCacheRatio', '0.8', 0.8],
    ['minCacheRatio', '80%', 0.8],
    ['maxDuration', '90s', 90_000],
    ['maxDuration', '2m', 120_000],
    ['maxDuration', '1500ms', 1_500],
    ['failOn', 'error', 'error'],
    ['failOn', 'warning', 'warning'],
    ['maxGrowth', '10%', 10],
    ['maxGrowth', '2.5', 2.5],
    ['minEfficiency', '0.95', 0.95],
    ['minEfficiency', '90%', 0.9],
    ['maxDiveWasted', '20MB', 20_000_000],
    ['maxWastedPercent', '0.1', 0.1],
  ])('%s "%s"', (key, text, value) => {
    expect(fromFlag(key, text)).toEqual({ [key]: value });
    expect(budgetsSchema.parse({ [key]: text })).toEqual({ [key]: value });
  });

  test('the config file also takes plain numbers in the base unit (bytes, ms, a ratio, percent)', () => {
    expect(budgetsSchema.parse({ maxImageSize: 200_000_000, maxWasted: 0, minCacheRatio: 0.8, maxDuration: 90_000, maxGrowth: 10 })).toEqual({
      maxImageSize: 200_000_000, maxWasted: 0, minCacheRatio: 0.8, maxDuration: 90_000, maxGrowth: 10,
    });
  });

  test.each<[BudgetKey, string, string]>([
    ['maxImageSize', 'huge', '"huge" is not a size (e.g. 200MB, 1.5GiB, 500000)'],
    ['maxWasted', '-1MB', '"-1MB" is not a size (e.g. 200MB, 1.5GiB, 500000)'],
    ['minCacheRatio', '120%', '"120%" is not a ratio between 0 and 1 (or 0% and 100%)'],
    ['minCacheRatio', '1.5', '"1.5" is not a ratio between 0 and 1 (or 0% and 100%)'],
    ['maxDuration', '5 minutes', '"5 minutes" is not a duration (e.g. 90s, 2m, 1500ms)'],
    ['maxGrowth', 'ten', '"ten" is not a percentage (e.g. 10%)'],
  ])('%s "%s" is refused by both, for the same reason', (key, text, reason) => {
    const flagError = (() => {
      try {
        fromFlag(key, text);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(flagError).toBeInstanceOf(UsageError);
    expect((flagError as UsageError).message).toBe(`${FLAGS[key]}: ${reason}`);
    const parsed = budgetsSchema.safeParse({ [key]: text });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([[key, reason]]);
  });

  test('--fail-on takes error or warning only, from either place', () => {
    expect(() => fromFlag('failOn', 'info')).toThrow('--fail-on: expected "error" or "warning", got "info"');
    expect(budgetsSchema.safeParse({ failOn: 'info' }).success).toBe(false);
  });

  test('the config file refuses numbers a flag could never give', () => {
    expect(budgetsSchema.safeParse({ minCacheRatio: 1.5 }).success).toBe(false);
    expect(budgetsSchema.safeParse({ maxImageSize: -1 }).success).toBe(false);
  });

  test('every budget has a config-file key, and a misspelt key is refused', () => {
    expect(Object.keys(budgetsSchema.shape).sort()).toEqual(Object.keys(FLAGS).sort());
    expect(budgetsSchema.safeParse({ maxImagesize: '1MB' }).success).toBe(false);
  });
});

describe('flags', () => {
  test('each budget flag names its config-file key, and nothing else does', () => {
    for (const [key, flag] of Object.entries(FLAGS)) expect(budgetOfFlag(flag)).toBe(key);
    expect(budgetOfFlag('--report-dir')).toBeUndefined();
    expect(budgetOfFlag('--max-size')).toBeUndefined();
  });

  test('`build` reads every budget flag, in both --flag VALUE and --flag=VALUE forms', () => {
    const { own, buildxArgs } = splitBuildArgv(['--max-image-size', '200MB', '--max-wasted=1MB', '--min-cache-ratio', '80%', '--max-duration=90s', '--fail-on', 'warning', '--max-growth=10%', '--baseline', 'prev', '.']);
    expect(own).toMatchObject({ maxImageSize: 200_000_000, maxWasted: 1_000_000, minCacheRatio: 0.8, maxDuration: 90_000, failOn: 'warning', maxGrowth: 10 });
    expect(buildxArgs).toEqual(['.']);
  });
});

describe('help', () => {
  test('lists every budget flag once, with its value and what it does, aligned', () => {
    const lines = budgetHelpLines(24);
    expect(lines).toHaveLength(Object.keys(FLAGS).length);
    for (const [key, flag] of Object.entries(FLAGS) as Array<[BudgetKey, string]>) {
      const line = lines.filter((l) => l.startsWith(`  ${flag} `));
      expect(line).toHaveLength(1);
      expect(line[0]).toBe(`  ${`${flag} ${BUDGETS[key].value}`.padEnd(24)}${BUDGETS[key].help}`);
    }
  });
});

describe('mergeBudgets', () => {
  test('a flag wins over the config file; what only one sets is kept', () => {
    const file = budgetsSchema.parse({ maxImageSize: '300MB', maxDuration: '5m' });
    const { own } = splitBuildArgv(['--max-image-size', '200MB', '--fail-on', 'error', '.']);
    expect(mergeBudgets(file, own)).toMatchObject({ maxImageSize: 200_000_000, maxDuration: 300_000, failOn: 'error' });
  });

  test('no config file: the flags alone', () => {
    expect(mergeBudgets(undefined, { maxWasted: 5 })).toEqual({ maxWasted: 5 });
  });

  test('flags that were not given leave the config file\'s budgets in place', () => {
    const file = budgetsSchema.parse({ maxImageSize: '300MB', minCacheRatio: '50%' });
    expect(mergeBudgets(file, splitBuildArgv(['.']).own)).toMatchObject({ maxImageSize: 300_000_000, minCacheRatio: 0.5 });
  });
});
