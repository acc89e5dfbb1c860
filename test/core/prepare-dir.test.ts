import { mkdtempSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { prepareWritableDir } from '../../src/core/prepare-dir.js';

// A report directory is made and proven writable before a build, or refused in one line.

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'buildlens-prepare-dir-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function refusal(path: string): Promise<UsageError> {
  const error = await prepareWritableDir(path, '--report-dir').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UsageError);
  expect((error as UsageError).exitCode).toBe(2);
  expect((error as Error).message).not.toContain('\n');
  return error as UsageError;
}

describe('prepareWritableDir', () => {
  test('missing directories are created, and nothing is left behind by the check', async () => {
    const target = join(dir, 'a', 'b', 'report');
    await prepareWritableDir(target, '--report-dir');
    expect(statSync(target).isDirectory()).toBe(true);
    expect(readdirSync(target)).toEqual([]);
  });

  test('a path under /proc is refused at once (Node 20 recursive mkdir would loop there)', async () => {
    expect((await refusal('/proc/nope/rep')).message).toMatch(/^--report-dir \/proc\/nope\/rep: cannot create \/proc\/nope/);
  });

  test('a file in the way, or a path under a file, is refused', async () => {
    const file = join(dir, 'file');
    writeFileSync(file, 'x');
    expect((await refusal(file)).message).toContain('exists and is not a directory');
    expect((await refusal(join(file, 'x'))).message).toContain('exists and is not a directory');
    expect((await refusal('/dev/null/x')).message).toContain('/dev/null exists and is not a directory');
  });

  test('a read-only file system is refused, whatever the mode bits say to root', async () => {
    expect((await refusal('/proc/self')).message).toMatch(/not writable|cannot/);
  });
});
