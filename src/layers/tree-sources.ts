import type { AppliedLayer, LayerStack } from './layer-stack.js';
import type { RemovalDir } from './removals.js';
import type { StackedDir } from './stacked-fs.js';
import type { SourceDir, SourceFile } from './tree-bound.js';

// What the tree bounding walks for a layer's two views: the stack as the
// layer leaves it ("merged"), or only the layer's own files, under the
// directories it wrote in ("changes"); either way with the paths the layer
// removed laid over it where they were.

/** A layer's own changes, or the whole filesystem up to it. */
export type ViewScope = 'changes' | 'merged';

/** The stack after `applied`, as a tree to bound. */
export function stackedSource(stack: LayerStack, applied: AppliedLayer, scope: ViewScope): SourceDir {
  return new OverlaidDir(stack, applied, scope, '', stack.top, applied.removals.root);
}

class OverlaidDir implements SourceDir {
  readonly added: boolean;

  constructor(
    private readonly stack: LayerStack,
    private readonly applied: AppliedLayer,
    private readonly scope: ViewScope,
    private readonly path: string,
    private readonly live: StackedDir | undefined,
    private readonly removed: RemovalDir | undefined,
  ) {
    this.added = live !== undefined && applied.addedDirs.has(path);
  }

  *dirs(): Iterable<[string, SourceDir]> {
    for (const [name, dir] of this.live?.dirs ?? []) {
      const removed = this.removed?.dirs.get(name);
      const path = join(this.path, name);
      if (this.scope === 'changes' && !removed && !this.applied.dirs.has(path)) continue;
      yield [name, new OverlaidDir(this.stack, this.applied, this.scope, path, dir, removed)];
    }
    // Removals under a directory that is itself gone still show, under their own parents.
    for (const [name, dir] of this.removed?.dirs ?? [])
      if (!this.live?.dirs.has(name))
        yield [name, new OverlaidDir(this.stack, this.applied, this.scope, join(this.path, name), undefined, dir)];
  }

  *files(): Iterable<[string, SourceFile]> {
    const { index } = this.applied;
    for (const [name, slot] of this.live?.files ?? []) {
      if (this.scope === 'changes' && this.stack.writerOf(slot) !== index) continue;
      yield [name, this.stack.fileOf(slot, index)];
    }
    for (const [name, removal] of this.removed?.files ?? []) {
      // A path removed and written again by the same layer is shown as it stands now.
      if (this.live?.files.has(name) || this.live?.dirs.has(name)) continue;
      yield [name, { size: removal.bytes, mark: 'removed', wasted: 0, hidFiles: removal.files }];
    }
  }
}

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
