import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../src/analysis/input.js';
import { loadConfig } from '../../src/config/config.js';
import { UsageError } from '../../src/core/errors.js';

// buildlens.config.json / package.json "buildlens": what users write, and the one-line error a mistake gives.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'buildlens-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const write = (file: string, json: unknown) => writeFile(join(dir, file), typeof json === 'string' ? json : JSON.stringify(json));

describe('loadConfig', () => {
  test('no config file means every rule on with default thresholds and no budgets', async () => {
    const config = await loadConfig(dir);
    expect(config).toEqual({ rules: { rules: {}, thresholds: DEFAULT_THRESHOLDS }, budgets: undefined });
  });

  test('buildlens.config.json sets rule severities, overrides one threshold and keeps the others', async () => {
    await write('buildlens.config.json', { rules: { BL014: 'off', BL003: 'error' }, thresholds: { slowInstallMs: 20_000 } });
    const config = await loadConfig(dir);
    expect(config.rules.rules).toEqual({ BL014: 'off', BL003: 'error' });
    expect(config.rules.thresholds).toEqual({ ...DEFAULT_THRESHOLDS, slowInstallMs: 20_000 });
    expect(config.source).toBe(join(dir, 'buildlens.config.json'));
  });

  test('budgets take numbers or the units the gate flags take', async () => {
    await write('buildlens.config.json', { budgets: { maxImageSize: '200MB', maxWasted: 1_000_000, minCacheRatio: '80%', maxDuration: '2m', failOn: 'warning', maxGrowth: '10%' } });
    expect((await loadConfig(dir)).budgets).toEqual({ maxImageSize: 200_000_000, maxWasted: 1_000_000, minCacheRatio: 0.8, maxDuration: 120_000, failOn: 'warning', maxGrowth: 10 });
  });

  test('the "buildlens" key of package.json is read when there is no buildlens.config.json', async () => {
    await write('package.json', { name: 'app', buildlens: { rules: { BL010: 'warning' } } });
    const config = await loadConfig(dir);
    expect(config.rules.rules).toEqual({ BL010: 'warning' });
  });

  test('buildlens.config.json wins over package.json', async () => {
    await write('package.json', { name: 'app', buildlens: { rules: { BL010: 'warning' } } });
    await write('buildlens.config.json', { rules: { BL010: 'off' } });
    expect((await loadConfig(dir)).rules.rules).toEqual({ BL010: 'off' });
  });

  test('a package.json without the key means defaults', async () => {
    await write('package.json', { name: 'app', dependencies: {} });
    expect((await loadConfig(dir)).rules.rules).toEqual({});
  });

  test.each([
    [{ rules: { BL003: 'loud' } }, /buildlens\.config\.json: rules\.BL003: /],
    [{ rules: { BL0003: 'off' } }, /buildlens\.config\.json: rules\.BL0003: unknown rule id/],
    [{ thresholds: { slowInstalMs: 1 } }, /buildlens\.config\.json: thresholds: .*slowInstalMs/],
    [{ thresholds: { minWastedBytes: -1 } }, /buildlens\.config\.json: thresholds\.minWastedBytes: /],
    [{ budgets: { maxImageSize: 'huge' } }, /buildlens\.config\.json: budgets\.maxImageSize: "huge" is not a size/],
    [{ budgets: { failOn: 'info' } }, /buildlens\.config\.json: budgets\.failOn: /],
    [{ rulez: {} }, /buildlens\.config\.json: config: .*rulez/],
  ])('a mistake (%j) is one usage error naming the file and the field', async (json, message) => {
    await write('buildlens.config.json', json);
    const error = await loadConfig(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(message);
    expect((error as UsageError).message).not.toContain('\n');
  });

  test('a config that is not JSON names the file, with the parse error as cause', async () => {
    await write('buildlens.config.json', '{ rules: ');
    const error = await loadConfig(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain(`${join(dir, 'buildlens.config.json')} is not valid JSON`);
    expect((error as UsageError).cause).toBeInstanceOf(SyntaxError);
  });

  test('a bad "buildlens" key in package.json names package.json and the key', async () => {
    await write('package.json', { name: 'app', buildlens: { rules: { BL001: 'never' } } });
    await expect(loadConfig(dir)).rejects.toThrow(/package\.json \(key "buildlens"\): rules\.BL001: /);
  });
});
