import { describe, expect, test } from 'vitest';
import type { FileTreeEntry } from '../../src/model/file-tree.js';
import { boundTree, type SourceDir, type SourceFile, type TreeBounds } from '../../src/layers/tree-bound.js';

// Plain trees built here (no layer format involved): the bounding logic alone.

type Plain = { [name: string]: Plain | SourceFile };

function isFile(value: Plain | SourceFile): value is SourceFile {
  return typeof (value as SourceFile).size === 'number' && typeof (value as SourceFile).wasted === 'number';
}

// A plain tree as the bounding walks it; `added` names the directories new in the layer.
function sourceOf(plain: Plain, added: ReadonlySet<string> = new Set(), path = ''): SourceDir {
  return {
    added: added.has(path),
    *dirs() {
      for (const [name, value] of Object.entries(plain)) {
        const at = path === '' ? name : `${path}/${name}`;
        if (!isFile(value)) yield [name, sourceOf(value, added, at)];
      }
    },
    *files() {
      for (const [name, value] of Object.entries(plain)) if (isFile(value)) yield [name, value];
    },
  };
}

const file = (size: number, extra: Partial<SourceFile> = {}): SourceFile => ({ size, wasted: 0, ...extra });
const WIDE: TreeBounds = { perDirectory: 1000, depth: 100, entries: 100_000 };

function child(entry: FileTreeEntry, ...names: string[]): FileTreeEntry {
  let at = entry;
  for (const name of names) {
    const next = at.children?.find((c) => c.name === name);
    if (!next) throw new Error(`no ${name} under ${at.name}`);
    at = next;
  }
  return at;
}

// Bytes of an entry as the page can account for them: kept files and directories plus the "more" row.
function accounted(entry: FileTreeEntry): number {
  if (entry.files === undefined || entry.mark === 'removed') return entry.size;
  return (entry.children ?? []).filter((c) => c.mark !== 'removed').reduce((sum, c) => sum + accounted(c), 0) + (entry.more?.bytes ?? 0);
}

describe('boundTree', () => {
  test('keeps everything when the tree fits, with directory sizes, file counts, waste and marks', () => {
    const view = boundTree(
      sourceOf(
        {
          usr: { bin: { sh: file(100, { mark: 'added' }), ls: file(50, { mark: 'added', wasted: 50 }) }, share: { doc: file(10) } },
          etc: { motd: file(5, { mark: 'modified' }) },
          old: file(300, { mark: 'removed', hidFiles: 3 }),
        },
        new Set(['usr/bin']),
      ),
      WIDE,
    );
    expect(view).toMatchObject({ entries: 9, kept: 9 });
    expect(view.root).toMatchObject({ size: 165, files: 4, wasted: 50, mark: 'modified' });
    expect(child(view.root, 'usr')).toMatchObject({ size: 160, files: 3, wasted: 50, mark: 'modified' });
    expect(child(view.root, 'usr', 'bin')).toMatchObject({ size: 150, files: 2, mark: 'added' });
    // A directory the layer made is added; one it changed something in is modified; the rest has no mark.
    expect(child(view.root, 'usr', 'share')).not.toHaveProperty('mark');
    expect(child(view.root, 'etc')).toMatchObject({ mark: 'modified' });
    expect(child(view.root, 'usr', 'bin', 'ls')).toEqual({ name: 'ls', size: 50, mark: 'added', wasted: 50 });
    // A removal keeps its own size (what it hid below) out of its directory's bytes.
    expect(child(view.root, 'old')).toEqual({ name: 'old', size: 300, mark: 'removed', files: 3 });
    expect(view.root.more).toBeUndefined();
    // Largest first.
    expect(view.root.children?.map((c) => c.name)).toEqual(['old', 'usr', 'etc']);
  });

  test('a directory keeps its largest entries and sums the rest in one row, so sizes still add up', () => {
    const many: Plain = {};
    for (let i = 1; i <= 120; i++) many[`f${i}`] = file(i * 10, { wasted: i % 2 === 0 ? i * 10 : 0 });
    const view = boundTree(sourceOf({ data: many }), { ...WIDE, perDirectory: 10 });
    const data = child(view.root, 'data');
    expect(data.children?.map((c) => c.name)).toEqual(['f120', 'f119', 'f118', 'f117', 'f116', 'f115', 'f114', 'f113', 'f112', 'f111']);
    const keptBytes = (data.children ?? []).reduce((sum, c) => sum + c.size, 0);
    const keptWaste = (data.children ?? []).reduce((sum, c) => sum + (c.wasted ?? 0), 0);
    expect(data.more).toEqual({ entries: 110, files: 110, bytes: data.size - keptBytes, wasted: (data.wasted ?? 0) - keptWaste });
    expect(accounted(view.root)).toBe(view.root.size);
    expect(view).toMatchObject({ entries: 121, kept: 11 });
  });

  test('the entry budget goes to the largest directories first; the others are summed whole', () => {
    const tree: Plain = { big: {}, small: {} };
    for (let i = 0; i < 30; i++) {
      (tree.big as Plain)[`b${i}`] = file(1000 + i);
      (tree.small as Plain)[`s${i}`] = file(1 + i);
    }
    const view = boundTree(sourceOf(tree), { perDirectory: 50, depth: 10, entries: 32 });
    const big = child(view.root, 'big');
    const small = child(view.root, 'small');
    expect(big.children).toHaveLength(30);
    expect(big.more).toBeUndefined();
    expect(small.children).toBeUndefined();
    expect(small.more).toEqual({ entries: 30, files: 30, bytes: small.size, wasted: 0 });
    expect(view.kept).toBe(32);
    expect(accounted(view.root)).toBe(view.root.size);
  });

  test('directories below the depth bound are summed, not walked into', () => {
    const view = boundTree(sourceOf({ a: { b: { c: { d: { deep: file(7) } } } } }), { ...WIDE, depth: 2 });
    const b = child(view.root, 'a', 'b');
    expect(b.children).toBeUndefined();
    expect(b.more).toEqual({ entries: 1, files: 1, bytes: 7, wasted: 0 });
    expect(b.size).toBe(7);
  });

  test('directories nested thousands deep are summed without recursion', () => {
    let deep: Plain = { leaf: file(1) };
    for (let i = 0; i < 20_000; i++) deep = { d: deep };
    const view = boundTree(sourceOf(deep), { perDirectory: 50, depth: 24, entries: 500 });
    expect(view.root).toMatchObject({ size: 1, files: 1 });
    expect(view.entries).toBe(20_001);
    expect(view.kept).toBe(24);
  });

  test('an empty tree is an empty root', () => {
    expect(boundTree(sourceOf({}), WIDE)).toEqual({ root: { name: '', size: 0, files: 0 }, entries: 0, kept: 0 });
  });
});
