import { describe, expect, test } from 'vitest';
import type { LayerIndex } from '../../src/layers/analyze-layer.js';
import { finalFiles } from '../../src/layers/final-files.js';

function layer(files: Record<string, number>, opts: { deletions?: string[]; opaqueDirs?: string[] } = {}): LayerIndex {
  return { files: new Map(Object.entries(files)), dirs: new Set(), deletions: opts.deletions ?? [], opaqueDirs: opts.opaqueDirs ?? [] };
}

describe('finalFiles', () => {
  test('applies overwrites, whiteouts of files and directories, and opaque directories', () => {
    const files = finalFiles([
      layer({ 'etc/a': 1, 'etc/b': 2, 'tmp/x/y': 3, 'cache/old': 4 }),
      layer({ 'etc/a': 10, 'cache/new': 5 }, { deletions: ['etc/b', 'tmp/x'], opaqueDirs: ['cache'] }),
    ]);
    expect(Object.fromEntries([...files].sort())).toEqual({ 'cache/new': 5, 'etc/a': 10 });
  });
});
