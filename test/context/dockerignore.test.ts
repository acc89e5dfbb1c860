import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scanContext } from '../../src/context/scan.js';
import { makeTree, removeTree } from './support/tree.js';

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map(removeTree));
});

async function sentPaths(files: Record<string, string>, opts: { dockerfile?: string } = {}): Promise<string[]> {
  const root = await makeTree(files);
  roots.push(root);
  const dockerfile = opts.dockerfile === undefined ? undefined : join(root, opts.dockerfile);
  const { manifest } = await scanContext(root, dockerfile === undefined ? {} : { dockerfile });
  return manifest.entries.map((e) => e.path);
}

// Cases follow https://docs.docker.com/build/concepts/context/#dockerignore-files
describe('scanContext honours .dockerignore as Docker does', () => {
  it('ignores **/*.go at the root and at any depth', async () => {
    const sent = await sentPaths({ '.dockerignore': '**/*.go\n', 'main.go': '', 'a/b/c.go': '', 'a/b/c.txt': '' });
    expect(sent).toEqual(['.dockerignore', 'a/b/c.txt']);
  });

  it('keeps README.md through a ! exception after *.md, and *.md matches only the root', async () => {
    const sent = await sentPaths({ '.dockerignore': '*.md\n!README.md\n', 'README.md': '', 'CHANGES.md': '', 'docs/guide.md': '' });
    expect(sent).toEqual(['.dockerignore', 'README.md', 'docs/guide.md']);
  });

  it('lets a later pattern override an earlier exception', async () => {
    const sent = await sentPaths({ '.dockerignore': '*.md\n!README*.md\nREADME-secret.md\n', 'README.md': '', 'README-secret.md': '' });
    expect(sent).toEqual(['.dockerignore', 'README.md']);
  });

  it('treats a leading slash as the context root and matches nothing deeper', async () => {
    const sent = await sentPaths({ '.dockerignore': '/secret.txt\n', 'secret.txt': '', 'sub/secret.txt': '' });
    expect(sent).toEqual(['.dockerignore', 'sub/secret.txt']);
  });

  it('drops everything under a directory pattern, with or without a trailing slash', async () => {
    const sent = await sentPaths({
      '.dockerignore': 'node_modules\nbuild/\n',
      'node_modules/x/index.js': '',
      'build/out/app.js': '',
      'src/build/keep.js': '',
      'src/index.js': '',
    });
    expect(sent).toEqual(['.dockerignore', 'src/build/keep.js', 'src/index.js']);
  });

  it('re-includes a file inside an ignored directory, unlike .gitignore', async () => {
    const sent = await sentPaths({ '.dockerignore': 'logs\n!logs/keep.txt\n', 'logs/a.log': '', 'logs/keep.txt': '' });
    expect(sent).toEqual(['.dockerignore', 'logs/keep.txt']);
  });

  it('skips comment lines and blank lines', async () => {
    const sent = await sentPaths({ '.dockerignore': '# README.md\n\n   \ntmp\n', 'README.md': '', 'tmp': '' });
    expect(sent).toEqual(['.dockerignore', 'README.md']);
  });

  it('matches case-sensitively, as Docker does on Linux', async () => {
    const sent = await sentPaths({ '.dockerignore': '*.MD\n', 'a.md': '', 'B.MD': '' });
    expect(sent).toEqual(['.dockerignore', 'a.md']);
  });

  it('matches * within one path segment only', async () => {
    const sent = await sentPaths({ '.dockerignore': '*/temp*\n', 'x/temp.txt': '', 'x/y/temp.txt': '', 'temp.txt': '' });
    expect(sent).toEqual(['.dockerignore', 'temp.txt', 'x/y/temp.txt']);
  });

  it('leaves out the Dockerfile and the .dockerignore when they ignore themselves (BuildKit reads them apart from the context)', async () => {
    const sent = await sentPaths({ '.dockerignore': '*\n!app.js\n', Dockerfile: 'FROM scratch\n', 'app.js': '' });
    expect(sent).toEqual(['app.js']);
  });

  it('counts what the ignore file kept out', async () => {
    const root = await makeTree({ '.dockerignore': 'big\n', 'big/a.bin': 'x'.repeat(1000), 'big/b.bin': 'y'.repeat(24), 'keep': 'k' });
    roots.push(root);
    const { facts } = await scanContext(root);
    expect(facts).toMatchObject({ dockerignore: true, files: 2, ignoredFiles: 2, ignoredBytes: 1024 });
    expect(facts.bytes).toBe('big\n'.length + 1);
  });

  it('reports no ignore file and sends everything when there is none', async () => {
    const root = await makeTree({ 'a': '1', 'b/c': '2' });
    roots.push(root);
    const { facts, manifest } = await scanContext(root);
    expect(facts.dockerignore).toBe(false);
    expect(facts.dockerignoreFile).toBeUndefined();
    expect(manifest.entries.map((e) => e.path)).toEqual(['a', 'b/c']);
  });
});

describe('scanContext picks the Dockerfile-specific ignore file first', () => {
  it('uses <Dockerfile>.dockerignore next to a custom Dockerfile instead of .dockerignore', async () => {
    const root = await makeTree({
      '.dockerignore': 'api\n',
      'docker/web.Dockerfile': 'FROM scratch\n',
      'docker/web.Dockerfile.dockerignore': 'web\n',
      'api/a.js': '',
      'web/w.js': '',
    });
    roots.push(root);
    const { facts, manifest } = await scanContext(root, { dockerfile: join(root, 'docker/web.Dockerfile') });
    expect(facts.dockerignoreFile).toBe(join(root, 'docker/web.Dockerfile.dockerignore'));
    expect(manifest.entries.map((e) => e.path)).toEqual([
      '.dockerignore',
      'api/a.js',
      'docker/web.Dockerfile',
      'docker/web.Dockerfile.dockerignore',
    ]);
  });

  it('falls back to the root .dockerignore when the custom Dockerfile has none', async () => {
    const sent = await sentPaths(
      { '.dockerignore': 'api\n', 'docker/web.Dockerfile': 'FROM scratch\n', 'api/a.js': '', 'web/w.js': '' },
      { dockerfile: 'docker/web.Dockerfile' },
    );
    expect(sent).toEqual(['.dockerignore', 'docker/web.Dockerfile', 'web/w.js']);
  });

  it('reads a Dockerfile-specific ignore file that lives outside the context', async () => {
    const outside = await makeTree({ 'ci.Dockerfile': 'FROM scratch\n', 'ci.Dockerfile.dockerignore': '*.log\n' });
    const root = await makeTree({ 'a.log': '', 'a.txt': '' });
    roots.push(outside, root);
    await mkdir(join(root, 'empty-dir'));
    await writeFile(join(root, 'b.log'), 'x');
    const { facts, manifest } = await scanContext(root, { dockerfile: join(outside, 'ci.Dockerfile') });
    expect(manifest.entries.map((e) => e.path)).toEqual(['a.txt']);
    expect(facts.ignoredFiles).toBe(2);
  });
});
