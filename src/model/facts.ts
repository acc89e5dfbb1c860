// Facts measured from layer blobs and the build context, kept compact so a
// report of a large image stays small. Produced by src/layers and
// src/context, consumed by the rules in src/analysis: the two sides agree on
// nothing but these types.

/** Well-known kinds of paths that rules care about. */
export type PathCategory =
  | 'apt-lists' // var/lib/apt/lists/*
  | 'apt-archives' // var/cache/apt/archives/*.deb, var/cache/apt/*.bin
  | 'apk-cache' // var/cache/apk/*
  | 'pip-cache' // root/.cache/pip, home/*/.cache/pip
  | 'npm-cache' // root/.npm/_cacache, home/*/.npm
  | 'yarn-cache' // usr/local/share/.cache/yarn, .yarn/cache, .cache/yarn
  | 'go-cache' // root/.cache/go-build, root/go/pkg/mod
  | 'docs' // usr/share/doc, usr/share/man, usr/share/info
  | 'locales' // usr/share/locale, usr/share/i18n
  | 'toolchain' // compilers, linkers, headers: usr/bin/gcc*, cc1, usr/include, usr/lib/gcc, clang, rustc, usr/local/go
  | 'secret'; // .env, id_rsa, *.pem, *.key, .aws/credentials, .npmrc, .netrc, .git-credentials

/** Bytes and a few example paths of one category in one layer. */
export interface CategoryFacts {
  category: PathCategory;
  bytes: number;
  files: number;
  /** Up to 10 example paths (no leading slash), largest first. */
  paths: string[];
}

/** One node_modules tree found in a layer (e.g. app/node_modules). */
export interface NodeModulesFacts {
  /** Directory holding node_modules, e.g. "app" ("" for the root). */
  root: string;
  bytes: number;
  /** Bytes per top-level package directory (scoped ones as "@scope/name"). */
  packages: Record<string, number>;
  /** Per top-level package whose package.json is in this layer: the packages it depends on (dependencies and optionalDependencies). */
  dependencies?: Record<string, string[]> | undefined;
  /** Command name → the top-level package that provides it (its package.json "bin"). */
  bins?: Record<string, string> | undefined;
}

/** A small manifest file's text, kept for rules (package.json next to node_modules). */
export interface ManifestFacts {
  path: string;
  /** File text, at most 64 KiB; never kept for secret-like files. */
  text: string;
}

/** What one layer blob contains. */
export interface LayerFacts {
  digest: string;
  mediaType: string;
  /** Compressed blob size in bytes. */
  size: number;
  /** Bytes of the uncompressed tar stream. */
  uncompressedSize: number;
  /** Regular files, symlinks and hard links in the layer (directories not counted). */
  files: number;
  /** Sum of regular file sizes in the layer. */
  addedBytes: number;
  /** Paths (no leading slash) this layer deletes via whiteouts. */
  deletions: string[];
  /** Directories this layer makes opaque. */
  opaqueDirs: string[];
  largestFiles: Array<{ path: string; size: number }>;
  largestDirs: Array<{ path: string; size: number }>;
  categories: CategoryFacts[];
  nodeModules: NodeModulesFacts[];
  manifests: ManifestFacts[];
  /** Problems met while reading (corrupt gzip, skipped hostile entries). */
  notes: string[];
}

/** Cross-layer accounting for one image (ordered lowest layer first). */
export interface ImageLayerFacts {
  layers: LayerFacts[];
  /** Per layer index: bytes it added that a later layer removed or overwrote. */
  wastedBytes: number[];
  /** Per layer index: the later layer indexes that removed/overwrote its bytes, with bytes and example paths. */
  wastedBy: Array<Array<{ layer: number; bytes: number; paths: string[] }>>;
  totalWastedBytes: number;
  /** dive's efficiency: sum over paths of smallest size / sum over paths of all sizes. */
  efficiency: number;
  /** Final-filesystem bytes per category (after deletions), for rules about the final image. */
  finalCategories: CategoryFacts[];
  /** Files whose content is a build secret's (found by size and SHA-256), when the build's secrets were known. */
  secretCopies?: SecretCopy[];
}

/**
 * A build secret as buildlens knows it: its id, and its content's size and
 * SHA-256, held in memory only (the hash is not enumerable: JSON never shows it).
 */
export interface SecretDigest {
  id: string;
  size: number;
  sha256: string;
}

/** A file in a layer of the final image whose content is a build secret's. */
export interface SecretCopy {
  /** The secret's id (`--secret id=...`), never its value. */
  secret: string;
  /** Index of the layer in the image, base first. */
  layer: number;
  /** The file's path in the image, from the root ("/x"). */
  path: string;
}

/** What the build context holds, as buildx would send it. */
export interface ContextFacts {
  dir: string;
  dockerignore: boolean;
  /** Absolute path of the ignore file in force ("<Dockerfile>.dockerignore" wins over ".dockerignore"). */
  dockerignoreFile?: string | undefined;
  /** Files and bytes sent (after .dockerignore). */
  files: number;
  bytes: number;
  /** Files and bytes .dockerignore kept out. */
  ignoredFiles: number;
  ignoredBytes: number;
  /** Sent bytes under well-known heavy paths: .git, node_modules, dist/build/target, coverage, etc. */
  heavy: Array<{ path: string; bytes: number; files: number }>;
  /** Secret-like files that would be sent (paths only). */
  secrets: string[];
}
