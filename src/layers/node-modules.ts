// Where a path sits in a node_modules tree: the directory holding the
// outermost node_modules (the tree's root) and the top-level package
// ("@scope/name" for scoped ones). Nested node_modules count toward the
// top-level package that pulled them in.

const SEGMENT = 'node_modules/';

/** A path's place in a node_modules tree. */
export interface NodeModulesPlace {
  /** Directory holding node_modules, "" for the image root. */
  root: string;
  /** Top-level package, or undefined for files directly in node_modules (e.g. .package-lock.json). */
  pkg: string | undefined;
}

/** The node_modules tree a path belongs to, if any. */
export function nodeModulesPlace(path: string): NodeModulesPlace | undefined {
  const atRoot = path.startsWith(SEGMENT);
  const slashAt = atRoot ? -1 : path.indexOf(`/${SEGMENT}`);
  if (!atRoot && slashAt < 0) return undefined;
  const root = atRoot ? '' : path.slice(0, slashAt);
  const at = atRoot ? SEGMENT.length : slashAt + 1 + SEGMENT.length;
  const first = path.indexOf('/', at);
  if (first < 0) return { root, pkg: undefined };
  const name = path.slice(at, first);
  if (!name.startsWith('@')) return { root, pkg: name };
  const second = path.indexOf('/', first + 1);
  // "@scope/name" itself as a file is not a package directory.
  if (second < 0) return { root, pkg: undefined };
  return { root, pkg: path.slice(at, second) };
}
