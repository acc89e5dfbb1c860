import type { LayerIndex } from '../layers/analyze-layer.js';
import { PathStats } from './dive-path-stats.js';
import type { DiveEfficiency } from './efficiency-types.js';
import { copyTree, DiveTree, stackOnto, subtreeBytes, visitChildFirst, type DiveNode } from './dive-tree.js';
import { missedByDirectoryRemoval } from './missed-bytes.js';

// dive's numbers (dive/filetree/efficiency.go, dive/image/analysis.go), to
// the last digit, from the layer indexes the layer analysis already makes.
// Per path ever seen as a leaf of a layer's tree: the sum of its sizes over
// the layers (a whiteout counts as the bytes under it when it hid a
// directory, as 0 when it hid a file) and the smallest; efficiency is the sum
// of the smallest over the sum of the sums, and wasted bytes the sums of the
// paths seen in two layers or more. dive's quirks are kept, since its users
// gate CI on these numbers: opaque directories are ignored; a whiteout of a
// path the layers below lack stops the rest of that layer's paths from
// counting and leaves its own path at -1 bytes; a directory only implied by
// its files counts as nothing when removed.
//
// Besides dive's, two numbers dive does not give: bytes a layer wrote that a
// later layer's directory removal (or opaque marker) hid while no other layer
// touched the same path (dive counts those nowhere), and wasted bytes split
// between the base image's layers and the rest.

const TOP = 20;

/** Options of the analysis. */
export interface DiveEfficiencyOpts {
  /** Layers that belong to the base image (default 1, dive's own split of "user" bytes). */
  baseLayers?: number;
  /** Bytes of each layer's entries, when known better than the index's files (e.g. duplicate entries). */
  layerSizes?: readonly number[];
}

/** Computes dive's numbers over layer indexes ordered base first. */
export function diveEfficiency(layers: readonly LayerIndex[], opts: DiveEfficiencyOpts = {}): DiveEfficiency {
  const baseLayers = Math.max(0, Math.min(opts.baseLayers ?? 1, layers.length));
  const paths = new PathStats();
  let baseWasted = 0;
  let stacked: DiveTree | undefined;
  layers.forEach((layer, i) => {
    const tree = layerTree(layer);
    // Whiteouts of the first layer look in the first layer itself, as dive stacks a range that ends before it.
    countLeaves(tree, stacked ?? tree, paths);
    stacked ??= copyTree(tree);
    stackOnto(stacked, tree);
    if (i === baseLayers - 1) baseWasted = paths.wasted();
  });

  const sizes = layers.map((layer, i) => opts.layerSizes?.[i] ?? sumOf(layer.files.values()));
  const sizeBytes = sumOf(sizes);
  const userSizeBytes = sizeBytes - (sizes[0] ?? 0);
  const wastedBytes = paths.wasted();
  const userBase = sumOf(sizes.slice(baseLayers));
  const missed = missedByDirectoryRemoval(layers, paths, baseLayers);
  return {
    efficiency: paths.efficiency(),
    sizeBytes,
    userSizeBytes,
    wastedBytes,
    wastedUserPercent: wastedBytes / userSizeBytes,
    inefficiencies: paths.largest(TOP),
    waste: {
      baseLayers,
      base: baseWasted,
      user: wastedBytes - baseWasted,
      userPercent: userBase === 0 ? 0 : (wastedBytes - baseWasted) / userBase,
    },
    missed,
  };
}

/** How many of an image's first layers are its base's: the diff IDs it shares with the base image, from the bottom. */
export function baseLayerCount(imageDiffIds: readonly string[], baseDiffIds: readonly string[]): number {
  let count = 0;
  while (count < imageDiffIds.length && count < baseDiffIds.length && imageDiffIds[count] === baseDiffIds[count]) count++;
  return count;
}

// A layer's tree as dive builds it from the tar: directories, files, whiteouts
// as ".wh." nodes, opaque markers only creating their missing parents.
function layerTree(layer: LayerIndex): DiveTree {
  const tree = new DiveTree();
  for (const dir of layer.dirs) tree.add(dir, 0, true);
  for (const [path, size] of layer.files) tree.add(path, size, false);
  for (const target of layer.deletions) {
    const slash = target.lastIndexOf('/');
    tree.add(slash < 0 ? `.wh.${target}` : `${target.slice(0, slash)}/.wh.${target.slice(slash + 1)}`, 0, false);
  }
  for (const dir of layer.opaqueDirs) tree.add(`${dir}/.wh..wh..opq`, 0, false);
  return tree;
}

// dive's visit of one layer's leaves; a whiteout of a path `lower` lacks ends it.
function countLeaves(tree: DiveTree, lower: DiveTree, paths: PathStats): void {
  visitChildFirst(tree.root, (node: DiveNode, path: string) => {
    if (node.children && node.children.size > 0) return true;
    const at = paths.at(path);
    let bytes = node.size;
    if (node.isWhiteout) {
      const hidden = lower.get(path);
      if (!hidden) return false;
      bytes = hidden.isDir ? subtreeBytes(hidden) : 0;
    }
    paths.add(at, bytes);
    return true;
  });
}

function sumOf(values: Iterable<number>): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum;
}

export type { DiveEfficiency, Inefficiency, MissedFile } from './efficiency-types.js';
