import { describe, expect, it } from 'vitest';
import { diffManifests } from '../../src/context/diff.js';
import type { ContextManifest, ManifestEntry } from '../../src/context/manifest.js';

const FILE = 0o100644;
const h = (c: string): string => c.repeat(64);

function manifest(entries: Array<Partial<ManifestEntry> & { path: string }>): ContextManifest {
  return { version: 1, entries: entries.map((e) => ({ size: 1, mode: FILE, sha256: h('a'), ...e })) };
}

const before = manifest([
  { path: 'package.json', sha256: h('1') },
  { path: 'package-lock.json', sha256: h('2') },
  { path: 'src/index.ts', sha256: h('3') },
  { path: 'src/old.ts', sha256: h('4') },
  { path: 'app/a.js', sha256: h('5') },
  { path: 'app/lib/b.js', sha256: h('6') },
  { path: 'README.md', sha256: h('7') },
]);
const after = manifest([
  { path: 'package.json', sha256: h('1') },
  { path: 'package-lock.json', sha256: h('9') },
  { path: 'src/index.ts', sha256: h('8') },
  { path: 'src/new.ts', sha256: h('4') },
  { path: 'app/a.js', sha256: h('5'), mode: 0o100755 },
  { path: 'app/lib/b.js', sha256: h('0') },
  { path: 'README.md', sha256: h('e') },
]);

describe('diffManifests', () => {
  it('reports every added, removed and modified path when no sources are given', () => {
    expect(diffManifests(before, after)).toEqual({
      added: ['src/new.ts'],
      removed: ['src/old.ts'],
      modified: ['README.md', 'app/a.js', 'app/lib/b.js', 'package-lock.json', 'src/index.ts'],
    });
  });

  it('restricts the diff to a wildcard source such as package*.json', () => {
    expect(diffManifests(before, after, ['package*.json'])).toEqual({ added: [], removed: [], modified: ['package-lock.json'] });
  });

  it('treats a directory source as everything under it, however it is spelled', () => {
    const expected = { added: ['src/new.ts'], removed: ['src/old.ts'], modified: ['src/index.ts'] };
    expect(diffManifests(before, after, ['src/'])).toEqual(expected);
    expect(diffManifests(before, after, ['./src'])).toEqual(expected);
    expect(diffManifests(before, after, ['/src'])).toEqual(expected);
  });

  it('treats "." as the whole context', () => {
    expect(diffManifests(before, after, ['.'])).toEqual(diffManifests(before, after));
  });

  it('lets * match within one path segment only, as COPY app/*.js does', () => {
    expect(diffManifests(before, after, ['app/*.js'])).toEqual({ added: [], removed: [], modified: ['app/a.js'] });
  });

  it('unions several sources of one instruction', () => {
    expect(diffManifests(before, after, ['README.md', 'app/lib']).modified).toEqual(['README.md', 'app/lib/b.js']);
  });

  it('finds nothing for an instruction whose sources did not change', () => {
    expect(diffManifests(before, after, ['package.json'])).toEqual({ added: [], removed: [], modified: [] });
  });

  it('compares unhashed files by size and mtime', () => {
    const big = (size: number, mtimeMs: number) => manifest([{ path: 'big', sha256: null, size, mtimeMs }]);
    expect(diffManifests(big(5, 1), big(5, 1)).modified).toEqual([]);
    expect(diffManifests(big(5, 1), big(5, 2)).modified).toEqual(['big']);
    expect(diffManifests(big(5, 1), big(6, 1)).modified).toEqual(['big']);
  });
});
