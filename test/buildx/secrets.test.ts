import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { digestSecrets } from '../../src/buildx/secrets.js';

// Each --secret's content as a size and a SHA-256, read where buildx reads it;
// the value itself is never kept, and the hash never serialised.

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function dirWith(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'buildlens-secrets-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

describe('digestSecrets', () => {
  test('a file (relative to the working directory) and a variable give their size and SHA-256', async () => {
    const dir = await dirWith({ 'token.txt': 'file-secret-value\n' });
    const [file, env] = await digestSecrets([{ id: 'f', src: 'token.txt' }, { id: 'e', env: 'TOKEN' }], { TOKEN: 'env-secret-välue' }, dir);
    expect(file).toEqual({ id: 'f', size: 18 });
    expect(file?.sha256).toBe(sha256('file-secret-value\n'));
    expect(env).toEqual({ id: 'e', size: Buffer.byteLength('env-secret-välue') });
    expect(env?.sha256).toBe(sha256('env-secret-välue'));
  });

  test('neither the value nor its hash shows in JSON or inspection', async () => {
    const dir = await dirWith({ s: 'hunter2-hunter2-hunter2' });
    const digests = await digestSecrets([{ id: 's', src: join(dir, 's') }], {}, dir);
    const shown = JSON.stringify(digests) + String(Object.keys(digests[0] ?? {}));
    expect(shown).not.toContain('hunter2');
    expect(shown).not.toContain(sha256('hunter2-hunter2-hunter2'));
  });

  test('a missing file or unset variable, a secret under 8 bytes or over BuildKit\'s 500 KiB are left out', async () => {
    const dir = await dirWith({ tiny: 'true\n', huge: Buffer.alloc(500 * 1024 + 1, 0x61), exact: Buffer.alloc(500 * 1024, 0x62) });
    const digests = await digestSecrets(
      [{ id: 'gone', src: 'nope.txt' }, { id: 'unset', env: 'NOT_SET' }, { id: 'tiny', src: 'tiny' }, { id: 'huge', src: 'huge' }, { id: 'exact', src: 'exact' }],
      {},
      dir,
    );
    expect(digests.map((d) => [d.id, d.size])).toEqual([['exact', 500 * 1024]]);
  });
});
