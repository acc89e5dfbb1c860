// The file browser's data: per layer of the image, a bounded tree of what the
// layer changes and of the filesystem as it stands once the layer is applied
// (dive's two views). Bounded, not whole: an image may hold 100 000 files, so
// each directory keeps its largest entries and sums the rest in `more`. It
// travels beside the report to the HTML renderer; report.json does not carry it.

/** How an entry changed in the layer its view belongs to (absent: unchanged). */
export type FileMark = 'added' | 'modified' | 'removed';

/** What a directory holds beyond the entries kept for it. */
export interface FileTreeMore {
  /** Direct entries (files, directories, removals) left out. */
  entries: number;
  /** Files under the left-out entries, at any depth. */
  files: number;
  bytes: number;
  wasted: number;
}

/** One entry of a bounded tree: a file, a directory, or a removal. */
export interface FileTreeEntry {
  name: string;
  /**
   * A file's size; a directory's bytes under it in this view; for a removal,
   * the bytes it hid in the layers below.
   */
  size: number;
  mark?: FileMark;
  /** Bytes of it (or under it) that a later layer removes or overwrites. */
  wasted?: number;
  /** Directories only (its presence makes the entry one): files under it in this view. */
  files?: number;
  /** A directory's kept entries, largest first; absent when none were kept. */
  children?: FileTreeEntry[];
  /** What a directory holds beyond `children`. */
  more?: FileTreeMore;
}

/** One view of one layer. */
export interface FileTreeView {
  /** The image root (name ""). */
  root: FileTreeEntry;
  /** Entries of the whole view, and how many of them were kept. */
  entries: number;
  kept: number;
}

/** The views of one layer, index-aligned with report.image.layers. */
export interface LayerFileTree {
  digest: string;
  /** The entries the layer itself lists: files it adds or modifies, paths it removes. */
  changes: FileTreeView;
  /** The filesystem up to this layer; absent when it was too costly to make for this image. */
  merged?: FileTreeView;
}

/** The bounds the trees were made with, for the page to state. */
export interface FileTreeLimits {
  /** Entries kept per directory. */
  perDirectory: number;
  /** Directory levels below the root that are expanded. */
  depth: number;
  /** Entries kept per view. */
  perView: number;
}

/** The file trees of an image's layers (base first). */
export interface ImageFileTrees {
  layers: LayerFileTree[];
  limits: FileTreeLimits;
  /** Why some layers have no merged view, when some have none. */
  mergedOmitted?: string;
}
