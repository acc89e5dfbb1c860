import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, test } from 'vitest';
import { writeFileAtomic, writeFilesAtomic } from '../../src/core/atomic-write.js';

const dir = mkdtempSync(join(tmpdir(), 'buildlens-atomic-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('report files are written atomically', () => {
  test('a writer killed at random moments never leaves a truncated or mixed report, and the earlier one survives', async () => {
    const path = join(dir, 'report.json');
    writeFileSync(path, JSON.stringify({ schemaVersion: 1, n: 0, baseline: true }));
    const child = new URL('./atomic-child.ts', import.meta.url).pathname;
    for (let round = 0; round < 8; round++) {
      const writer = execa('node', ['--import', 'tsx', child, path], { reject: false, stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, 400 + round * 97));
      writer.kill('SIGKILL');
      await writer;
      const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
      expect(parsed).toMatchObject({ schemaVersion: 1 });
    }
    // Killed writers may leave their temp file; never a partial report.json.
    expect(existsSync(path)).toBe(true);
    expect(readdirSync(dir).filter((f) => f === 'report.json')).toHaveLength(1);
  }, 120_000);

  test('a streamed write lands whole, and a stream that fails half way leaves the earlier file and no temp file', async () => {
    const path = join(dir, 'streamed.json');
    await writeFileAtomic(path, Readable.from(['{"a":', '1}']));
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}');
    async function* failing() {
      yield Buffer.from('{"b":');
      throw new Error('source broke');
    }
    await expect(writeFileAtomic(path, Readable.from(failing()))).rejects.toThrow('source broke');
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}');
    expect(readdirSync(dir).filter((f) => f.startsWith('.streamed.json'))).toEqual([]);
  });

  test('files written together: one that fails leaves every file as it was, and no temp file', async () => {
    const json = join(dir, 'together.json');
    const md = join(dir, 'together.md');
    await writeFilesAtomic([
      { path: json, data: '{"n":1}' },
      { path: md, data: '# 1' },
    ]);
    async function* failing() {
      yield Buffer.from('# 2');
      throw new Error('disk full');
    }
    // The first file was written whole before the second failed: it must not replace report 1's.
    await expect(
      writeFilesAtomic([
        { path: json, data: '{"n":2}' },
        { path: md, data: Readable.from(failing()) },
      ]),
    ).rejects.toThrow('disk full');
    expect([readFileSync(json, 'utf8'), readFileSync(md, 'utf8')]).toEqual(['{"n":1}', '# 1']);
    expect(readdirSync(dir).filter((f) => f.startsWith('.together.'))).toEqual([]);
    await writeFilesAtomic([
      { path: json, data: '{"n":3}' },
      { path: md, data: '# 3' },
    ]);
    expect([readFileSync(json, 'utf8'), readFileSync(md, 'utf8')]).toEqual(['{"n":3}', '# 3']);
  });
});
