import type { Readable } from 'node:stream';
import type { CategoryFacts, LayerFacts, ManifestFacts, NodeModulesFacts, PathCategory } from '../model/facts.js';
import { categorize } from './categories.js';
import { walkLayer } from './tar-walk.js';

// One layer blob → what it contains (LayerFacts) and a compact index of its
// paths (sizes, directories, deletions) that cross-layer accounting needs.

const TOP = 20;
const EXAMPLES = 10;
const MANIFEST_MAX = 64 * 1024;

/** The paths of one layer, compactly: what cross-layer accounting needs. */
export interface LayerIndex {
  /** Non-directory entries: path → size (0 for links). */
  files: Map<string, number>;
  dirs: Set<string>;
  /** Paths this layer deletes (whiteouts). */
  deletions: string[];
  /** Directories whose lower contents this layer hides. */
  opaqueDirs: string[];
}

/** A layer descriptor. */
export interface LayerDescriptor {
  digest: string;
  mediaType: string;
  size: number;
}

/** Analysis of one layer. */
export interface LayerAnalysis {
  facts: LayerFacts;
  index: LayerIndex;
}

/** Streams one layer blob and returns its facts and path index. */
export async function analyzeLayer(blob: Readable, desc: LayerDescriptor): Promise<LayerAnalysis> {
  const index: LayerIndex = { files: new Map(), dirs: new Set(), deletions: [], opaqueDirs: [] };
  const dirBytes = new Map<string, number>();
  const categories = new Map<PathCategory, { bytes: number; files: number; examples: Array<{ path: string; size: number }> }>();
  const nodeModules = new Map<string, NodeModulesFacts>();
  let addedBytes = 0;
  let files = 0;

  const walked = await walkLayer(blob, desc.mediaType, (entry) => {
    const path = entry.path;
    if (path === undefined || path === '') return 0;
    const slash = path.lastIndexOf('/');
    const base = path.slice(slash + 1);
    const parent = slash < 0 ? '' : path.slice(0, slash);
    if (base === '.wh..wh..opq') {
      index.opaqueDirs.push(parent);
      return 0;
    }
    if (base.startsWith('.wh.')) {
      index.deletions.push(parent ? `${parent}/${base.slice(4)}` : base.slice(4));
      return 0;
    }
    if (entry.type === 'directory') {
      index.dirs.add(path);
      return 0;
    }
    const size = entry.type === 'file' || entry.type === 'contiguous-file' ? entry.size : 0;
    if (entry.type === 'file' || entry.type === 'contiguous-file' || entry.type === 'link' || entry.type === 'symlink') files++;
    else return 0;
    index.files.set(path, size);
    addedBytes += size;
    for (let dir = parent; ; ) {
      dirBytes.set(dir, (dirBytes.get(dir) ?? 0) + size);
      if (dir === '') break;
      const up = dir.lastIndexOf('/');
      dir = up < 0 ? '' : dir.slice(0, up);
    }
    const category = categorize(path);
    if (category) {
      const c = categories.get(category) ?? { bytes: 0, files: 0, examples: [] };
      c.bytes += size;
      c.files++;
      keepLargest(c.examples, { path, size }, EXAMPLES);
      categories.set(category, c);
    }
    const nm = /^(.*?)(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
    if (nm) {
      const root = nm[1] ?? '';
      const pkg = nm[2] ?? '';
      const tree = nodeModules.get(root) ?? { root, bytes: 0, packages: {} };
      tree.bytes += size;
      tree.packages[pkg] = (tree.packages[pkg] ?? 0) + size;
      nodeModules.set(root, tree);
      return 0;
    }
    // package.json files outside node_modules are the app's manifests: rules read their devDependencies.
    if (base === 'package.json' && entry.type === 'file' && category !== 'secret') return MANIFEST_MAX;
    return 0;
  });

  const largestFiles: Array<{ path: string; size: number }> = [];
  for (const [path, size] of index.files) keepLargest(largestFiles, { path, size }, TOP);
  const largestDirs: Array<{ path: string; size: number }> = [];
  for (const [path, size] of dirBytes) if (path !== '') keepLargest(largestDirs, { path, size }, TOP);
  const manifests: ManifestFacts[] = [...walked.captured].map(([path, data]) => ({ path, text: data.toString('utf8') }));
  const categoryFacts: CategoryFacts[] = [...categories].map(([category, c]) => ({ category, bytes: c.bytes, files: c.files, paths: c.examples.map((e) => e.path) }));

  return {
    facts: {
      digest: desc.digest,
      mediaType: desc.mediaType,
      size: desc.size,
      uncompressedSize: walked.uncompressedBytes,
      files,
      addedBytes,
      deletions: index.deletions,
      opaqueDirs: index.opaqueDirs,
      largestFiles,
      largestDirs,
      categories: categoryFacts,
      nodeModules: [...nodeModules.values()],
      manifests,
      notes: walked.notes,
    },
    index,
  };
}

// Keeps `list` as the `limit` largest items, largest first.
function keepLargest(list: Array<{ path: string; size: number }>, item: { path: string; size: number }, limit: number): void {
  if (list.length >= limit && (list[list.length - 1]?.size ?? 0) >= item.size) return;
  let i = list.length;
  while (i > 0 && (list[i - 1]?.size ?? 0) < item.size) i--;
  list.splice(i, 0, item);
  if (list.length > limit) list.pop();
}
