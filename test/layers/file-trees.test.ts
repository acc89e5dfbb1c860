import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { accountLayers, finalFiles, layerFileTrees, wasteRecorder, type LayerIndex } from '../../src/layers/index.js';
import type { FileTreeEntry, FileTreeView } from '../../src/model/file-tree.js';

// The file browser's trees of a real image: the path indexes the layer
// analysis made of the layers the engine exported, recorded by
// scripts/record-layer-fixtures.ts (the Dockerfile is beside them). Layers:
// 0 busybox, 1 its links, 2 /etc files, 3 COPY app/, 4 RUN that writes /data,
// /opaque and /etc/motd, 5 RUN that removes and rewrites some of them.

const recorded = z
  .object({
    layers: z.array(
      z.object({
        digest: z.string(),
        files: z.array(z.tuple([z.string(), z.number()])),
        dirs: z.array(z.string()),
        deletions: z.array(z.string()),
        opaqueDirs: z.array(z.string()),
      }),
    ),
  })
  .parse(JSON.parse(readFileSync(new URL('../fixtures/layer-paths/layers.json', import.meta.url), 'utf8')));
const indexes: LayerIndex[] = recorded.layers.map((l) => ({
  files: new Map(l.files),
  dirs: new Set(l.dirs),
  deletions: l.deletions,
  opaqueDirs: l.opaqueDirs,
}));
const digests = recorded.layers.map((l) => l.digest);

function at(view: FileTreeView | undefined, path: string): FileTreeEntry {
  let entry = view?.root;
  for (const name of path.split('/')) entry = entry?.children?.find((c) => c.name === name);
  if (!entry) throw new Error(`${path} is not in the view`);
  return entry;
}

describe('layerFileTrees on a real image', () => {
  const trees = layerFileTrees(indexes, digests);

  test('one tree per layer, in order, with both views when the image is small', () => {
    expect(trees.layers.map((t) => t.digest)).toEqual(digests);
    expect(trees.layers.every((t) => t.merged !== undefined)).toBe(true);
    expect(trees.mergedOmitted).toBeUndefined();
  });

  test("a layer's own changes mark what it adds, modifies and removes, with the bytes a removal hid", () => {
    const last = trees.layers[5]?.changes;
    expect(at(last, 'etc/motd')).toEqual({ name: 'motd', size: 15, mark: 'modified' });
    expect(at(last, 'opaque/new.txt')).toEqual({ name: 'new.txt', size: 4, mark: 'added' });
    expect(at(last, 'app/random.bin')).toEqual({ name: 'random.bin', size: 300_000, mark: 'removed' });
    expect(at(last, 'data/gone')).toEqual({ name: 'gone', size: 20_000, mark: 'removed', files: 1 });
    expect(at(last, 'opaque/old.txt')).toMatchObject({ mark: 'removed' });
    // Directories: made by the layer (added), or holding what it changed (modified).
    expect(at(trees.layers[4]?.changes, 'data')).toMatchObject({ mark: 'added', files: 121 });
    expect(at(trees.layers[4]?.changes, 'etc')).toMatchObject({ mark: 'modified', files: 1 });
    expect(at(last, 'opaque')).toMatchObject({ mark: 'modified' });
    // Only the layer's own entries: nothing of busybox.
    expect(last?.root.children?.map((c) => c.name).sort()).toEqual(['app', 'data', 'etc', 'opaque']);
  });

  test('files a later layer removes or overwrites are wasted in the layer that added them, as the accounting counts them', () => {
    expect(at(trees.layers[3]?.changes, 'app/random.bin')).toEqual({ name: 'random.bin', size: 300_000, mark: 'added', wasted: 300_000 });
    expect(at(trees.layers[3]?.changes, 'app/hello.txt')).not.toHaveProperty('wasted');
    const run = trees.layers[4]?.changes;
    expect(at(run, 'data/gone/big.bin')).toMatchObject({ size: 20_000, wasted: 20_000 });
    expect(at(run, 'etc/motd')).toMatchObject({ mark: 'added', wasted: 6 });
    expect(at(run, 'data/keep')).not.toHaveProperty('wasted');
    const { wastedBytes } = accountLayers(indexes);
    expect(trees.layers.map((t) => t.changes.root.wasted ?? 0)).toEqual(wastedBytes);
  });

  test('the waste heard during the accounting gives the same trees as finding it again', () => {
    const recorder = wasteRecorder();
    accountLayers(indexes, recorder.onRemoved);
    expect(layerFileTrees(indexes, digests, { wasted: recorder.wasted })).toEqual(trees);
  });

  test('the filesystem up to a layer is what a container of it sees, changes of that layer marked', () => {
    const final = finalFiles(indexes);
    const top = trees.layers[5]?.merged;
    expect(top?.root.size).toBe([...final.values()].reduce((a, b) => a + b, 0));
    expect(top?.root.files).toBe(final.size);
    expect(at(top, 'bin/busybox')).toEqual({ name: 'busybox', size: 1_982_256 });
    expect(at(top, 'etc/motd')).toMatchObject({ mark: 'modified' });
    expect(at(top, 'data/gone')).toMatchObject({ mark: 'removed', size: 20_000 });
    expect(at(top, 'data/keep')).toMatchObject({ files: 120 });
    // One layer down, what the last layer removes is still there, and wasted.
    expect(at(trees.layers[4]?.merged, 'data/gone/big.bin')).toEqual({ name: 'big.bin', size: 20_000, mark: 'added', wasted: 20_000 });
    expect(at(trees.layers[4]?.merged, 'app/random.bin')).toEqual({ name: 'random.bin', size: 300_000, wasted: 300_000 });
  });

  test('a directory over the bound keeps its largest files and sums the rest', () => {
    const bounded = layerFileTrees(indexes, digests, { perDirectory: 10 });
    const keep = at(bounded.layers[4]?.changes, 'data/keep');
    expect(keep.children?.map((c) => c.name)).toEqual(['f120', 'f119', 'f118', 'f117', 'f116', 'f115', 'f114', 'f113', 'f112', 'f111']);
    // f1..f110 hold i*10 bytes each.
    expect(keep.more).toEqual({ entries: 110, files: 110, bytes: 10 * ((110 * 111) / 2), wasted: 0 });
    expect(bounded.limits.perDirectory).toBe(10);
  });

  test('when the merged views would cost too much, the top layers keep theirs and the page is told why the others have none', () => {
    const files = indexes.map((l) => l.files.size);
    const below = (i: number) => files.slice(0, i + 1).reduce((a, b) => a + b, 0);
    const limited = layerFileTrees(indexes, digests, { mergedWork: below(5) + below(4) });
    expect(limited.layers.map((t) => t.merged !== undefined)).toEqual([false, false, false, false, true, true]);
    expect(limited.mergedOmitted).toMatch(/^the filesystem up to a layer is embedded for 2 of 6 layers/);
    expect(limited.layers.every((t) => t.changes.root.files !== undefined)).toBe(true);
  });

  test('the entries a view keeps are bounded, whatever the share of the total', () => {
    const small = layerFileTrees(indexes, digests, { total: 120, perViewMin: 10, perViewMax: 1000 });
    expect(small.limits.perView).toBe(10);
    for (const tree of small.layers) for (const view of [tree.changes, tree.merged]) expect(view?.kept).toBeLessThanOrEqual(10);
  });
});

describe('layerFileTrees on layer lists made here', () => {
  const index = (files: Record<string, number>, opts: Partial<Pick<LayerIndex, 'deletions' | 'opaqueDirs'>> = {}): LayerIndex => ({
    files: new Map(Object.entries(files)),
    dirs: new Set(),
    deletions: opts.deletions ?? [],
    opaqueDirs: opts.opaqueDirs ?? [],
  });

  test('an opaque directory shows its former entries as removed, each with what it held', () => {
    const trees = layerFileTrees(
      [index({ 'cache/a': 5, 'cache/sub/b': 7, 'cache/sub/c': 8 }), index({ 'cache/new': 1 }, { opaqueDirs: ['cache'] })],
      ['sha256:0', 'sha256:1'],
    );
    const changes = trees.layers[1]?.changes;
    expect(at(changes, 'cache/a')).toEqual({ name: 'a', size: 5, mark: 'removed' });
    expect(at(changes, 'cache/sub')).toEqual({ name: 'sub', size: 15, mark: 'removed', files: 2 });
    expect(at(changes, 'cache/new')).toEqual({ name: 'new', size: 1, mark: 'added' });
    expect(trees.layers[0]?.changes.root.wasted).toBe(20);
  });

  test('a path removed and written again by the same layer is shown as it stands', () => {
    const trees = layerFileTrees(
      [index({ 'etc/conf': 3 }), index({ 'etc/conf': 9 }, { deletions: ['etc/conf'] })],
      ['sha256:0', 'sha256:1'],
    );
    expect(at(trees.layers[1]?.changes, 'etc/conf')).toEqual({ name: 'conf', size: 9, mark: 'modified' });
    expect(trees.layers[1]?.changes.root.children?.[0]?.children).toHaveLength(1);
  });
});
