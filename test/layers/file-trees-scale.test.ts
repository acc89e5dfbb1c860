import { describe, expect, test } from 'vitest';
import type { LayerIndex } from '../../src/layers/analyze-layer.js';
import { layerFileTrees } from '../../src/layers/file-trees.js';
import { renderHtml } from '../../src/render/html/index.js';
import { sampleReport } from '../render/html/report-fixture.js';

// The file browser of an image with 230 000 files (path lists made here): the
// trees and the page stay bounded, whatever the image holds.

function layerOf(count: number, path: (i: number) => string, size: (i: number) => number): LayerIndex {
  const files = new Map<string, number>();
  for (let i = 0; i < count; i++) files.set(path(i), size(i));
  return { files, dirs: new Set(), deletions: [], opaqueDirs: [] };
}

describe('file trees of a very large image', () => {
  test('230 000 files in 5 layers give trees of at most 12 000 entries and a page under 2 MB', () => {
    const layers = [
      layerOf(
        30_000,
        (i) => `usr/lib/d${i % 300}/f${i}.so`,
        (i) => (i * 7919) % 100_000,
      ),
      layerOf(
        1,
        () => 'stamp',
        () => 5,
      ),
      layerOf(
        100_000,
        (i) => `many/${i + 1}`,
        () => 0,
      ),
      layerOf(
        100_000,
        (i) => `app/node_modules/p${i % 1000}/lib/m${i}.js`,
        (i) => 100 + (i % 5000),
      ),
      { files: new Map([['sparse.bin', 2 * 1024 ** 3]]), dirs: new Set<string>(), deletions: ['many'], opaqueDirs: [] },
    ];
    const digests = layers.map((_, i) => `sha256:${i}`);
    const trees = layerFileTrees(layers, digests);
    const views = trees.layers.flatMap((t) => (t.merged ? [t.changes, t.merged] : [t.changes]));
    expect(views.reduce((sum, v) => sum + v.kept, 0)).toBeLessThanOrEqual(12_000);
    expect(views.reduce((sum, v) => sum + v.entries, 0)).toBeGreaterThan(230_000);
    // The removal of /many in the last layer hid its 100 000 files.
    expect(trees.layers[4]?.changes.root.children?.find((c) => c.name === 'many')).toEqual({
      name: 'many',
      size: 0,
      mark: 'removed',
      files: 100_000,
    });

    const report = sampleReport();
    report.image = {
      size: 1,
      uncompressedSize: 1,
      wastedBytes: 0,
      efficiency: 1,
      layers: digests.map((digest) => ({ digest, size: 1, uncompressedSize: 1, base: false })),
    };
    const html = renderHtml(report, { fileTrees: trees });
    expect(html).toContain('data-testid="file-bounds">Aggregated to keep this page small');
    expect(Buffer.byteLength(html)).toBeLessThan(2 * 1024 * 1024);
  });
});
