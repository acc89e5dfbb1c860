// Which context files changed between two builds, optionally only among the
// files one COPY/ADD instruction copies: the "context-files-changed" evidence
// of cache-miss diagnosis.
import { posix } from 'node:path';
import { compileGoPattern, hasGoWildcards } from './go-match.js';
import { comparePaths, type ContextManifest, type ManifestEntry } from './manifest.js';

/** Paths added, removed and modified between two manifests, each sorted. */
export interface ManifestDiff {
  added: string[];
  removed: string[];
  modified: string[];
}

type SegmentMatcher = (segment: string) => boolean;

// BuildKit resolves sources against the context as if it were "/": "./src/",
// "/src" and "../src" all name "src".
function cleanSource(source: string): string {
  return posix.normalize(`/${source}`).replace(/\/+$/, '').slice(1);
}

function compileSource(source: string): SegmentMatcher[] | null {
  const cleaned = cleanSource(source);
  if (cleaned === '') return [];
  const matchers: SegmentMatcher[] = [];
  for (const segment of cleaned.split('/')) {
    if (!hasGoWildcards(segment)) {
      matchers.push((name) => name === segment);
      continue;
    }
    const regex = compileGoPattern(segment);
    // A malformed pattern fails the build in BuildKit; it copies nothing.
    if (regex === null) return null;
    matchers.push((name) => regex.test(name));
  }
  return matchers;
}

/** A predicate for "this context path is copied by an instruction with these sources". */
export function copiedBy(sources: readonly string[]): (path: string) => boolean {
  const compiled = sources.map(compileSource).filter((m): m is SegmentMatcher[] => m !== null);
  return (path) => {
    const segments = path.split('/');
    // A source matching a directory copies everything under it, so a prefix match suffices.
    return compiled.some((matchers) => matchers.length <= segments.length && matchers.every((match, i) => match(segments[i] ?? '')));
  };
}

function changed(a: ManifestEntry, b: ManifestEntry): boolean {
  if (a.mode !== b.mode) return true;
  if (a.sha256 !== null && b.sha256 !== null) return a.sha256 !== b.sha256;
  if (a.size !== b.size) return true;
  // Without both hashes only size and mtime can tell; lacking those, assume a change rather than hide one.
  return a.mtimeMs === undefined || b.mtimeMs === undefined || a.mtimeMs !== b.mtimeMs;
}

/** Compares two manifests; with `sources`, only paths a COPY/ADD of those sources would copy. */
export function diffManifests(before: ContextManifest, after: ContextManifest, sources?: readonly string[]): ManifestDiff {
  const inScope = sources === undefined ? () => true : copiedBy(sources);
  const previous = new Map(before.entries.filter((e) => inScope(e.path)).map((e) => [e.path, e]));
  const diff: ManifestDiff = { added: [], removed: [], modified: [] };
  for (const entry of after.entries) {
    if (!inScope(entry.path)) continue;
    const old = previous.get(entry.path);
    if (old === undefined) diff.added.push(entry.path);
    else if (changed(old, entry)) diff.modified.push(entry.path);
    previous.delete(entry.path);
  }
  diff.removed.push(...previous.keys());
  diff.added.sort(comparePaths);
  diff.removed.sort(comparePaths);
  diff.modified.sort(comparePaths);
  return diff;
}
