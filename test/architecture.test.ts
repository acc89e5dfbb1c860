import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import madge from 'madge';
import { describe, expect, test } from 'vitest';

// The layering ARCHITECTURE.md describes, checked: no import cycle between
// files, and none between the top-level folders of src/ (sources → assemble →
// enrich → render, with core/ and model/ below everything). The generated
// protobuf types under buildkit/wire/ are left out: they mirror the .proto
// files, cycles included.

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const GENERATED = /(^|\/)buildkit\/wire\//;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !GENERATED.test(relative(SRC, path)) ? [path] : [];
  });
}

// Every relative import (static, type-only, re-export or dynamic) of a file, as paths under src/.
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1] ?? '');
  return specs.map((spec) => relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, '.ts'));
}

function folderOf(path: string): string {
  return path.includes('/') ? (path.split('/')[0] ?? path) : '(root)';
}

describe('the import graph of src/', () => {
  test('has files to check', () => {
    expect(sourceFiles(SRC).length).toBeGreaterThan(100);
  });

  test('has no cycle between files', async () => {
    const graph = await madge(SRC, { fileExtensions: ['ts'], excludeRegExp: [GENERATED], detectiveOptions: { ts: { skipTypeImports: false } }, tsConfig: join(SRC, '..', 'tsconfig.json') });
    expect(Object.keys(graph.obj()).length).toBeGreaterThan(100);
    expect(graph.circular()).toEqual([]);
  });

  test('has no cycle between top-level folders', () => {
    const edges = new Map<string, Set<string>>();
    const example = new Map<string, string>();
    for (const file of sourceFiles(SRC)) {
      const from = folderOf(relative(SRC, file));
      for (const target of importsOf(file)) {
        const to = folderOf(target);
        if (to === from || from === '(root)') continue;
        if (!edges.has(from)) edges.set(from, new Set());
        edges.get(from)?.add(to);
        example.set(`${from}>${to}`, `${relative(SRC, file)} imports ${target}`);
      }
    }
    expect(edges.size).toBeGreaterThan(10);
    // A back edge of a depth-first search closes a cycle; report it with the import that makes it.
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (folder: string, path: string[]): void => {
      state.set(folder, 'open');
      for (const next of edges.get(folder) ?? []) {
        if (state.get(next) === 'open') cycles.push(`${[...path.slice(path.indexOf(next)), folder, next].join(' → ')} (${example.get(`${folder}>${next}`) ?? ''})`);
        else if (!state.has(next)) visit(next, [...path, folder]);
      }
      state.set(folder, 'done');
    };
    for (const folder of edges.keys()) if (!state.has(folder)) visit(folder, []);
    expect(cycles).toEqual([]);
  });
});
