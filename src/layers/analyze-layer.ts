import type { Readable } from 'node:stream';
import type { LayerFacts, ManifestFacts, NodeModulesFacts } from '../model/facts.js';
import { CategoryTallies, categorize } from './categories.js';
import { nodeModulesPlace } from './node-modules.js';
import { packageLinks, packageManifestPlace } from './node-package.js';
import { classifyLayerPath, parentOf } from './tar-path.js';
import { keepLargest, type SizedPath } from './top-list.js';
import { walkLayer, type TarEntry } from './tar-walk.js';

// One layer blob → what it contains (LayerFacts) and a compact index of its
// paths (sizes, directories, deletions) that cross-layer accounting needs.
// Only package.json files are ever read (the app's, and each installed
// top-level package's own); everything else is counted from tar headers and drained.

const TOP = 20;
const MANIFEST_MAX = 64 * 1024;

/** The paths of one layer, compactly: what cross-layer accounting needs (and the cache stores). */
export interface LayerIndex {
  /** Non-directory entries: path → size in bytes (0 for links, devices). */
  files: Map<string, number>;
  /** Directories this layer lists explicitly. */
  dirs: Set<string>;
  /** Paths this layer deletes (whiteouts), in tar order. */
  deletions: string[];
  /** Directories whose lower contents this layer hides. */
  opaqueDirs: string[];
}

/** A layer descriptor as the image manifest or provenance gives it. */
export interface LayerDescriptor {
  digest: string;
  mediaType: string;
  /** Compressed blob size in bytes. */
  size: number;
}

/** Analysis of one layer: its facts and its path index. */
export interface LayerAnalysis {
  facts: LayerFacts;
  index: LayerIndex;
  /** False when the blob could not be read to its end; such an analysis is never cached. */
  complete: boolean;
}

/** Options of a layer analysis. */
export interface AnalyzeLayerOpts {
  /** Aborts the read; the promise then rejects with the abort reason. */
  signal?: AbortSignal;
}

/** Streams one layer blob and returns its facts and path index (bad data gives notes, never a throw). */
export async function analyzeLayer(blob: Readable, desc: LayerDescriptor, opts: AnalyzeLayerOpts = {}): Promise<LayerAnalysis> {
  const index: LayerIndex = { files: new Map(), dirs: new Set(), deletions: [], opaqueDirs: [] };
  // Bytes under each directory. Tars list a directory's entries together, so
  // the counters of the last parent's ancestors are kept, not looked up per file.
  const dirBytes = new Map<string, { bytes: number }>();
  let chainOf: string | undefined;
  let chain: Array<{ bytes: number }> = [];
  const categories = new CategoryTallies();
  const nodeModules = new Map<string, NodeModulesFacts>();
  let addedBytes = 0;
  let files = 0;

  const visit = (entry: TarEntry): number => {
    const { path } = entry;
    const meaning = classifyLayerPath(path);
    if (meaning.kind === 'opaque') {
      index.opaqueDirs.push(meaning.dir);
      return 0;
    }
    if (meaning.kind === 'whiteout') {
      index.deletions.push(meaning.target);
      return 0;
    }
    if (entry.type === 'directory') {
      index.dirs.add(path);
      return 0;
    }
    // Unknown types (e.g. GNU sparse) are regular files to an overlay filesystem; their header size is what the tar stores.
    const regular = entry.type === 'file' || entry.type === 'contiguous-file' || entry.type === null || entry.type === undefined;
    const size = regular ? entry.size : 0;
    if (regular || entry.type === 'link' || entry.type === 'symlink') files++;
    index.files.set(path, size);
    if (!regular) return 0;
    addedBytes += size;
    const parent = parentOf(path);
    if (parent !== chainOf) {
      chainOf = parent;
      chain = [];
      for (let dir = parent; dir !== ''; dir = parentOf(dir)) {
        let counter = dirBytes.get(dir);
        if (!counter) {
          counter = { bytes: 0 };
          dirBytes.set(dir, counter);
        }
        chain.push(counter);
      }
    }
    for (const counter of chain) counter.bytes += size;

    const category = categorize(path);
    if (category) categories.add(category, path, size);
    const place = nodeModulesPlace(path);
    if (place) {
      const tree = nodeModules.get(place.root) ?? { root: place.root, bytes: 0, packages: {} };
      tree.bytes += size;
      if (place.pkg !== undefined) tree.packages[place.pkg] = (tree.packages[place.pkg] ?? 0) + size;
      nodeModules.set(place.root, tree);
      // An installed package's manifest says what it depends on and which commands it provides.
      return packageManifestPlace(path) ? MANIFEST_MAX : 0;
    }
    // package.json files outside node_modules are the app's manifests: rules read their devDependencies.
    const isManifest = path === 'package.json' || path.endsWith('/package.json');
    return isManifest && category !== 'secret' ? MANIFEST_MAX : 0;
  };
  const walked = await walkLayer(blob, desc.mediaType, visit, opts.signal ? { signal: opts.signal } : {});

  const largestFiles: SizedPath[] = [];
  for (const [path, size] of index.files) keepLargest(largestFiles, { path, size }, TOP);
  const largestDirs: SizedPath[] = [];
  for (const [path, { bytes }] of dirBytes) keepLargest(largestDirs, { path, size: bytes }, TOP);
  const manifests: ManifestFacts[] = [];
  for (const [path, bytes] of walked.captured) {
    const installed = packageManifestPlace(path);
    const tree = installed && nodeModules.get(installed.root);
    if (!installed || !tree) {
      manifests.push({ path, text: bytes.toString('utf8') });
      continue;
    }
    const links = packageLinks(installed.pkg, bytes.toString('utf8'));
    const deps = (tree.dependencies ??= {});
    deps[installed.pkg] = [...new Set([...(deps[installed.pkg] ?? []), ...links.dependencies])];
    // Only top-level packages' commands are linked into node_modules/.bin.
    if (installed.topLevel) for (const bin of links.bins) (tree.bins ??= {})[bin] = installed.pkg;
  }

  const facts: LayerFacts = {
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
    categories: categories.facts(),
    nodeModules: [...nodeModules.values()],
    manifests,
    notes: walked.notes,
  };
  return { facts, index, complete: walked.complete };
}
