import { describe, expect, test } from 'vitest';
import { accountLayers, categorize, type LayerIndex } from '../../src/layers/index.js';
import type { CategoryFacts, PathCategory } from '../../src/model/facts.js';

// accountLayers against a brute-force model of the same rules: the image's
// files and directories as flat maps, a whiteout or a replaced directory
// found by prefix scans. Random layer stacks over a small set of names make
// paths collide often (files over directories, whiteouts of parents, opaque
// markers, the same path in several layers).

type Entry = { kind: 'file'; layer: number; size: number } | { kind: 'dir' };

function modelAccounting(layers: LayerIndex[]) {
  const fsMap = new Map<string, Entry>();
  const wastedBytes = layers.map(() => 0);
  const charges = layers.map(() => new Map<number, { bytes: number; paths: Array<{ path: string; size: number }> }>());
  let current = 0;
  const removed = (writer: number, path: string, size: number): void => {
    wastedBytes[writer] = (wastedBytes[writer] ?? 0) + size;
    const byLayer = charges[writer] as Map<number, { bytes: number; paths: Array<{ path: string; size: number }> }>;
    const charge = byLayer.get(current) ?? { bytes: 0, paths: [] };
    byLayer.set(current, charge);
    charge.bytes += size;
    charge.paths.push({ path, size });
  };
  const under = (dir: string) => [...fsMap.keys()].filter((p) => p.startsWith(`${dir}/`));
  const dropUnder = (dir: string): number => {
    let bytes = 0;
    for (const p of under(dir)) {
      const e = fsMap.get(p);
      if (e?.kind === 'file') {
        removed(e.layer, p, e.size);
        bytes += e.size;
      }
      fsMap.delete(p);
    }
    return bytes;
  };
  const ensureDir = (dir: string): void => {
    if (dir === '') return;
    const parts = dir.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const at = parts.slice(0, i).join('/');
      const e = fsMap.get(at);
      if (e?.kind === 'file') removed(e.layer, at, e.size);
      if (e?.kind !== 'dir') fsMap.set(at, { kind: 'dir' });
    }
  };
  const parentExists = (path: string): boolean => {
    const slash = path.lastIndexOf('/');
    return slash < 0 || fsMap.get(path.slice(0, slash))?.kind === 'dir';
  };
  const sizes = new Map<string, { cumulative: number; min: number }>();
  const see = (path: string, size: number): void => {
    const s = sizes.get(path);
    if (!s) sizes.set(path, { cumulative: size, min: size });
    else {
      s.cumulative += size;
      s.min = Math.min(s.min, size);
    }
  };

  layers.forEach((layer, i) => {
    current = i;
    for (const path of layer.deletions) {
      const e = parentExists(path) ? fsMap.get(path) : undefined;
      let bytes = 0;
      if (e?.kind === 'file') {
        removed(e.layer, path, e.size);
        fsMap.delete(path);
      } else if (e?.kind === 'dir') {
        bytes = dropUnder(path);
        fsMap.delete(path);
      }
      see(path, bytes);
    }
    for (const dir of layer.opaqueDirs) if (dir === '' || fsMap.get(dir)?.kind === 'dir') dropUnder(dir);
    for (const dir of layer.dirs) ensureDir(dir);
    for (const [path, size] of layer.files) {
      const slash = path.lastIndexOf('/');
      ensureDir(slash < 0 ? '' : path.slice(0, slash));
      const e = fsMap.get(path);
      if (e?.kind === 'file' && e.layer !== i) removed(e.layer, path, e.size);
      if (e?.kind === 'dir') dropUnder(path);
      fsMap.set(path, { kind: 'file', layer: i, size });
      see(path, size);
    }
  });

  const top = (items: Array<{ path: string; size: number }>) =>
    [...items].sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).slice(0, 10).map((p) => p.path);
  const tallies = new Map<PathCategory, { bytes: number; files: number; paths: Array<{ path: string; size: number }> }>();
  for (const [path, e] of fsMap) {
    const category = e.kind === 'file' ? categorize(path) : undefined;
    if (!category || e.kind !== 'file') continue;
    const t = tallies.get(category) ?? { bytes: 0, files: 0, paths: [] };
    tallies.set(category, t);
    t.bytes += e.size;
    t.files++;
    t.paths.push({ path, size: e.size });
  }
  let minimum = 0;
  let cumulative = 0;
  for (const s of sizes.values()) {
    minimum += s.min;
    cumulative += s.cumulative;
  }
  return {
    wastedBytes,
    wastedBy: charges.map((byLayer) => [...byLayer].filter(([, c]) => c.bytes > 0).map(([layer, c]) => ({ layer, bytes: c.bytes, paths: top(c.paths) }))),
    efficiency: cumulative === 0 ? 1 : minimum / cumulative,
    finalCategories: [...tallies].map(([category, t]) => ({ category, bytes: t.bytes, files: t.files, paths: top(t.paths) })),
  };
}

// A small deterministic generator (mulberry32).
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['a', 'b', 'c', 'usr', 'share', 'doc'];

function randomStack(seed: number): LayerIndex[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const path = (): string => {
    if (next() < 0.15) return `usr/share/doc/${pick(NAMES)}`;
    return Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(NAMES)).join('/');
  };
  return Array.from({ length: 2 + Math.floor(next() * 4) }, () => {
    const layer: LayerIndex = { files: new Map(), dirs: new Set(), deletions: [], opaqueDirs: [] };
    for (let n = Math.floor(next() * 12); n > 0; n--) {
      const roll = next();
      if (roll < 0.55) (layer.files as Map<string, number>).set(path(), Math.floor(next() * 5) * 10);
      else if (roll < 0.7) (layer.dirs as Set<string>).add(path());
      else if (roll < 0.9) layer.deletions.push(path());
      else layer.opaqueDirs.push(path());
    }
    return layer;
  });
}

const byCategory = (list: CategoryFacts[]) => [...list].sort((a, b) => a.category.localeCompare(b.category));

describe('cross-layer accounting against a brute-force model', () => {
  test('600 random layer stacks give the same waste, removers, efficiency and final categories', () => {
    for (let seed = 1; seed <= 600; seed++) {
      const layers = randomStack(seed);
      const actual = accountLayers(layers);
      const expected = modelAccounting(layers);
      const context = `seed ${seed}`;
      expect(actual.wastedBytes, context).toEqual(expected.wastedBytes);
      expect(actual.totalWastedBytes, context).toBe(expected.wastedBytes.reduce((a, b) => a + b, 0));
      expect(actual.wastedBy, context).toEqual(expected.wastedBy);
      expect(actual.efficiency, context).toBeCloseTo(expected.efficiency, 12);
      expect(byCategory(actual.finalCategories), context).toEqual(byCategory(expected.finalCategories));
    }
  });
});
