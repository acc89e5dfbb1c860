// The file tree dive builds for each layer and stacks across layers, with
// the behaviour its efficiency score depends on (dive/filetree): a node is
// reached by '/'-separated names; a path's missing parents are created with
// no file info (not directories, size 0); a name starting ".wh..wh." is never
// added (opaque markers are ignored); a node named ".wh.NAME" is a whiteout
// that stands for NAME; children are visited in byte order of their names.

const WHITEOUT = '.wh.';
const DOUBLE_WHITEOUT = '.wh..wh.';

/** One node of a dive tree. */
export class DiveNode {
  children: Map<string, DiveNode> | undefined;
  size = 0;
  isDir = false;

  constructor(
    readonly name: string,
    readonly parent: DiveNode | undefined,
  ) {}

  /** A whiteout by its name, as dive tells. */
  get isWhiteout(): boolean {
    return this.name.startsWith(WHITEOUT);
  }

  /** dive's path of the node: '/'-joined names, a whiteout's own prefix dropped. */
  path(): string {
    const names: string[] = [this.isWhiteout ? this.name.slice(WHITEOUT.length) : this.name];
    for (let node = this.parent; node?.parent; node = node.parent) names.push(node.name);
    return `/${names.reverse().join('/')}`;
  }

  /** Children in dive's order. */
  sortedChildren(): DiveNode[] {
    if (!this.children || this.children.size === 0) return [];
    if (this.children.size === 1) return [...this.children.values()];
    return [...this.children.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** A tree of nodes under a root that is never visited. */
export class DiveTree {
  readonly root = new DiveNode('', undefined);

  /** dive's AddPath: walks or creates the nodes of `path` and sets the last one's info. */
  add(path: string, size: number, isDir: boolean): DiveNode | undefined {
    let node = this.root;
    // Scanned by hand, not split: this runs once per entry of every layer.
    for (let start = 0; start <= path.length; ) {
      let end = path.indexOf('/', start);
      if (end < 0) end = path.length;
      if (end > start) {
        const name = path.slice(start, end);
        let child = node.children?.get(name);
        if (!child) {
          if (name.startsWith(DOUBLE_WHITEOUT)) return undefined;
          child = new DiveNode(name, node);
          (node.children ??= new Map()).set(name, child);
        }
        node = child;
      }
      start = end + 1;
    }
    if (node === this.root) return undefined;
    node.size = size;
    node.isDir = isDir;
    return node;
  }

  /** The node at a dive path, or undefined. */
  get(path: string): DiveNode | undefined {
    let node: DiveNode | undefined = this.root;
    for (const name of path.split('/')) {
      if (name === '') continue;
      node = node.children?.get(name);
      if (!node) return undefined;
    }
    return node;
  }

  /** Removes the node at a dive path with everything under it; false when there is none. */
  remove(path: string): boolean {
    const node = this.get(path);
    if (!node?.parent) return false;
    node.parent.children?.delete(node.name);
    return true;
  }
}

/** Calls `visit` on every node under `from` (and `from` itself unless it is a root) with its dive path, children first, in dive's order; stops when visit returns false. */
export function visitChildFirst(from: DiveNode, visit: (node: DiveNode, path: string) => boolean): boolean {
  // Iterative: a hostile layer may nest directories thousands deep. Paths are built on the way down, not walked up per node.
  const start = from.parent ? from.path() : '';
  const stack: Array<{ node: DiveNode; dir: string; children: DiveNode[]; next: number }> = [
    { node: from, dir: start, children: from.sortedChildren(), next: 0 },
  ];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { node: DiveNode; dir: string; children: DiveNode[]; next: number };
    const child = top.children[top.next++];
    if (child) {
      stack.push({ node: child, dir: `${top.dir}/${child.name}`, children: child.sortedChildren(), next: 0 });
      continue;
    }
    stack.pop();
    if (!top.node.parent) continue;
    const path = top.node.isWhiteout
      ? `${top.dir.slice(0, top.dir.length - top.node.name.length)}${top.node.name.slice(WHITEOUT.length)}`
      : top.dir;
    if (!visit(top.node, path)) return false;
  }
  return true;
}

/** Sum of the sizes of a node and every node under it (dive's size of a removed directory). */
export function subtreeBytes(node: DiveNode): number {
  let bytes = 0;
  const pending: DiveNode[] = [node];
  for (let current = pending.pop(); current; current = pending.pop()) {
    bytes += current.size;
    if (current.children) pending.push(...current.children.values());
  }
  return bytes;
}

/**
 * dive's Stack: applies a layer's tree onto `lower`, children first, in
 * dive's order: a whiteout removes its sibling in `lower`, any other node is
 * added (missing parents with no info) and takes the upper node's info.
 * Walked side by side rather than path by path: the same result, without
 * building a path string per node.
 */
export function stackOnto(lower: DiveTree, upper: DiveTree): void {
  const stack: Array<{ upper: DiveNode; lower: DiveNode; children: DiveNode[]; next: number }> = [
    { upper: upper.root, lower: lower.root, children: upper.root.sortedChildren(), next: 0 },
  ];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { upper: DiveNode; lower: DiveNode; children: DiveNode[]; next: number };
    const child = top.children[top.next++];
    if (child) {
      // A whiteout without children touches nothing on the way down.
      if (child.isWhiteout && !child.children?.size) {
        top.lower.children?.delete(child.name.slice(WHITEOUT.length));
        continue;
      }
      stack.push({ upper: child, lower: childOf(top.lower, child.name), children: child.sortedChildren(), next: 0 });
      continue;
    }
    stack.pop();
    const { upper: node, lower: twin } = top;
    if (!node.parent || !twin.parent) continue;
    if (node.isWhiteout) twin.parent.children?.delete(node.name.slice(WHITEOUT.length));
    else {
      twin.size = node.size;
      twin.isDir = node.isDir;
    }
  }
}

// The child of that name, created with no info when missing (dive's AddPath on the way to a deeper node).
function childOf(parent: DiveNode, name: string): DiveNode {
  let child = parent.children?.get(name);
  if (!child) {
    child = new DiveNode(name, parent);
    (parent.children ??= new Map()).set(name, child);
  }
  return child;
}

/** A deep copy of a tree. */
export function copyTree(tree: DiveTree): DiveTree {
  const copy = new DiveTree();
  const pending: Array<[DiveNode, DiveNode]> = [[tree.root, copy.root]];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const [from, to] = item;
    if (!from.children) continue;
    to.children = new Map();
    for (const [name, child] of from.children) {
      const twin = new DiveNode(name, to);
      twin.size = child.size;
      twin.isDir = child.isDir;
      to.children.set(name, twin);
      pending.push([child, twin]);
    }
  }
  return copy;
}
