import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, symlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContextScanError, scanContext } from '../../src/context/scan.js';
import { makeTree, removeTree } from './support/tree.js';

const roots: string[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  await Promise.all(roots.splice(0).map(removeTree));
});

async function tree(files: Record<string, string | Buffer>): Promise<string> {
  const root = await makeTree(files);
  roots.push(root);
  return root;
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('scanContext manifest', () => {
  it('lists sent files sorted by path with size, mode and content hash', async () => {
    const root = await tree({ 'b.txt': 'bee', 'a/z.txt': 'zed', 'a/y.txt': '' });
    // Explicit modes so the expectation does not depend on the umask.
    await chmod(join(root, 'a/y.txt'), 0o644);
    await chmod(join(root, 'a/z.txt'), 0o644);
    await chmod(join(root, 'b.txt'), 0o755);
    const { manifest } = await scanContext(root);
    expect(manifest.entries).toEqual([
      { path: 'a/y.txt', size: 0, mode: 0o100644, sha256: sha('') },
      { path: 'a/z.txt', size: 3, mode: 0o100644, sha256: sha('zed') },
      { path: 'b.txt', size: 3, mode: 0o100755, sha256: sha('bee') },
    ]);
  });

  it('hashes a symlink by its target text and never follows it', async () => {
    const root = await tree({ 'real.txt': 'contents' });
    await symlink('real.txt', join(root, 'link'));
    const { manifest } = await scanContext(root);
    const link = manifest.entries.find((e) => e.path === 'link');
    expect(link).toMatchObject({ size: 'real.txt'.length, sha256: sha('real.txt') });
    expect((link?.mode ?? 0) & 0o170000).toBe(0o120000);
  });

  it('records a file over the hash limit with size and mtime but no hash, and says so', async () => {
    const root = await tree({ 'big.bin': 'x'.repeat(11), 'small.bin': 'x'.repeat(10) });
    const { manifest, problems } = await scanContext(root, { hashLimitBytes: 10 });
    const big = manifest.entries.find((e) => e.path === 'big.bin');
    expect(big).toMatchObject({ size: 11, sha256: null });
    expect(big?.mtimeMs).toEqual(expect.any(Number));
    expect(manifest.entries.find((e) => e.path === 'small.bin')?.sha256).toBe(sha('x'.repeat(10)));
    expect(problems).toEqual([expect.stringMatching(/^big\.bin: 11 bytes, over the 10-byte hash limit/)]);
  });

  it('a Dockerfile the ignore file excludes is not in the context, from a file or from stdin', async () => {
    const root = await tree({ '.dockerignore': 'Dockerfile\n', Dockerfile: 'FROM scratch\n' });
    expect((await scanContext(root)).manifest.entries.map((e) => e.path)).toEqual(['.dockerignore']);
    expect((await scanContext(root, { dockerfile: '-' })).manifest.entries.map((e) => e.path)).toEqual(['.dockerignore']);
  });

  it('throws a ContextScanError naming the directory when the context is missing', async () => {
    const root = await tree({});
    await expect(scanContext(join(root, 'nope'))).rejects.toThrow(ContextScanError);
    await expect(scanContext(join(root, 'nope'))).rejects.toThrow(/nope/);
  });
});

describe('scanContext on hostile trees', () => {
  it('skips a fifo without opening it and reports it', { timeout: 5000 }, async () => {
    const root = await tree({ 'ok.txt': 'ok' });
    execFileSync('mkfifo', [join(root, 'pipe')]);
    const { manifest, problems } = await scanContext(root);
    expect(manifest.entries.map((e) => e.path)).toEqual(['ok.txt']);
    expect(problems).toEqual([expect.stringMatching(/^pipe: not a regular file/)]);
  });

  it('skips a unix socket and reports it', async () => {
    const root = await tree({});
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(join(root, 'sock'), resolve));
    const { manifest, problems } = await scanContext(root);
    expect(manifest.entries).toEqual([]);
    expect(problems).toEqual([expect.stringMatching(/^sock: /)]);
  });

  it('sends a dangling symlink as a link', async () => {
    const root = await tree({});
    await symlink('does/not/exist', join(root, 'gone'));
    const { manifest, problems } = await scanContext(root);
    expect(manifest.entries).toEqual([expect.objectContaining({ path: 'gone', sha256: sha('does/not/exist') })]);
    expect(problems).toEqual([]);
  });

  it('finishes on symlink loops and links to ancestors without descending into them', { timeout: 5000 }, async () => {
    const root = await tree({ 'd/file': 'f' });
    await symlink('b', join(root, 'a'));
    await symlink('a', join(root, 'b'));
    await symlink('..', join(root, 'd/up'));
    await symlink('.', join(root, 'self'));
    const { manifest, facts } = await scanContext(root);
    expect(manifest.entries.map((e) => e.path)).toEqual(['a', 'b', 'd/file', 'd/up', 'self']);
    expect(facts.files).toBe(5);
  });

  it('does not count an ignored fifo as a problem', async () => {
    const root = await tree({ '.dockerignore': 'pipe\n' });
    execFileSync('mkfifo', [join(root, 'pipe')]);
    const { problems, facts } = await scanContext(root);
    expect(problems).toEqual([]);
    expect(facts.ignoredFiles).toBe(1);
  });
});

describe('scanContext facts', () => {
  it('sums heavy directories at any depth under their outermost heavy path, largest first', async () => {
    const root = await tree({
      'node_modules/a/index.js': 'x'.repeat(10),
      'node_modules/a/node_modules/b/i.js': 'x'.repeat(5),
      'packages/web/dist/app.js': 'x'.repeat(100),
      '.git/HEAD': 'ref',
      'src/build': 'a file named build is not a build directory',
    });
    const { facts } = await scanContext(root);
    expect(facts.heavy).toEqual([
      { path: 'packages/web/dist', bytes: 100, files: 1 },
      { path: 'node_modules', bytes: 15, files: 2 },
      { path: '.git', bytes: 3, files: 1 },
    ]);
  });

  it('lists secret-like files by path only, and not the ones .dockerignore keeps out', async () => {
    const root = await tree({
      '.dockerignore': 'ignored.pem\n',
      '.env': 'TOKEN=hunter2',
      '.env.production': 'x',
      '.env.example': 'x',
      'certs/server.key': 'k',
      'ignored.pem': 'p',
      'home/.ssh/id_rsa': 'r',
      'home/.ssh/id_rsa.pub': 'pub',
      'home/.aws/credentials': 'c',
      '.npmrc': 'n',
      'app/credentials.json': '{}',
      'keys.txt': 'not a key file',
    });
    const { facts, problems } = await scanContext(root);
    expect(facts.secrets).toEqual([
      '.env',
      '.env.production',
      '.npmrc',
      'app/credentials.json',
      'certs/server.key',
      'home/.aws/credentials',
      'home/.ssh/id_rsa',
    ]);
    expect(JSON.stringify({ facts, problems })).not.toContain('hunter2');
  });
});
