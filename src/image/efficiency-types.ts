// What dive's efficiency computation yields, shared by its parts (kept apart so
// they import types from here instead of from each other).

/** A path dive counts as wasted. */
export interface Inefficiency {
  path: string;
  /** Layers the path appears in. */
  count: number;
  /** Sum of its sizes over those layers: what dive lists as its wasted space. */
  cumulativeBytes: number;
}

/** A file hidden by a directory removal and counted nowhere by dive. */
export interface MissedFile {
  path: string;
  bytes: number;
  /** Layer that wrote it. */
  layer: number;
  /** Layer whose directory whiteout or opaque marker hid it. */
  removedBy: number;
}

/** dive's analysis and what it misses. */
export interface DiveEfficiency {
  /** dive's efficiency score. */
  efficiency: number;
  /** dive's image size: bytes of every layer's entries. */
  sizeBytes: number;
  /** dive's user size: all layers but the first. */
  userSizeBytes: number;
  /** dive's wasted bytes. */
  wastedBytes: number;
  /** dive's wasted bytes over its user size (Infinity or NaN when that is 0, as in dive). */
  wastedUserPercent: number;
  /** The largest of dive's inefficient paths, largest first. */
  inefficiencies: Inefficiency[];
  /** dive's wasted bytes split: those already wasted within the first `baseLayers` layers, and the rest. */
  waste: { baseLayers: number; base: number; user: number; userPercent: number };
  /** Bytes hidden by directory removals that no path of dive's counts, split as waste is. */
  missed: { bytes: number; base: number; user: number; files: number; largest: MissedFile[] };
}
