import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { readDiveCi } from '../../src/config/dive-ci.js';
import { UsageError } from '../../src/core/errors.js';

// dive's CI file read as dive reads it: its three rules, dive's defaults for
// the ones left out, its ways of turning one off, and its units.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'buildlens-dive-ci-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function read(text: string): Promise<unknown> {
  const path = join(dir, '.dive-ci');
  await writeFile(path, text);
  return readDiveCi(path);
}

describe('readDiveCi', () => {
  test('the three rules, in camelCase or snake-case, with dive\'s byte units', async () => {
    expect(await read('rules:\n  lowestEfficiency: 0.95\n  highestWastedBytes: 20Mb\n  highestUserWastedPercent: 0.20\n')).toEqual({ minEfficiency: 0.95, maxDiveWasted: 20_000_000, maxWastedPercent: 0.2 });
    expect(await read('rules:\n  lowest-efficiency: "0.5"\n  highest-wasted-bytes: 1MiB\n  highest-user-wasted-percent: 0.3\n')).toEqual({ minEfficiency: 0.5, maxDiveWasted: 1_048_576, maxWastedPercent: 0.3 });
    expect(await read('rules:\n  highestWastedBytes: 5Ki\n')).toMatchObject({ maxDiveWasted: 5120 });
  });

  test("a rule left out takes dive's default; disabled, off, false or empty turn one off", async () => {
    expect(await read('plugins:\n  - plugin1\n')).toEqual({ minEfficiency: 0.9, maxWastedPercent: 0.1 });
    expect(await read('rules:\n  lowestEfficiency: disabled\n  highestUserWastedPercent: false\n  highestWastedBytes: off\n')).toEqual({});
    expect(await read('rules:\n  lowestEfficiency:\n')).toEqual({ maxWastedPercent: 0.1 });
  });

  test('values dive refuses are usage errors naming the file and the rule', async () => {
    await expect(read('rules:\n  lowestEfficiency: 1.5\n')).rejects.toThrow(/\.dive-ci: lowestEfficiency: "1.5" is not a ratio from 0 to 1$/);
    await expect(read('rules:\n  highestWastedBytes: lots\n')).rejects.toThrow(/\.dive-ci: highestWastedBytes: "lots" is not a size/);
    await expect(read('rules: [1, 2\n')).rejects.toBeInstanceOf(UsageError);
    await expect(readDiveCi(join(dir, 'missing'))).rejects.toThrow(/^--ci-config: cannot read /);
  });
});
