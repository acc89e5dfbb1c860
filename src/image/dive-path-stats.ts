import { doubled } from '../layers/stacked-fs.js';
import type { Inefficiency } from './efficiency-types.js';

// Per dive path: the sum and the smallest of its sizes and how many layers
// showed it, by number into typed arrays (an image holds many paths).

/** dive's per-path sums, and the numbers made from them. */
export class PathStats {
  private readonly ids = new Map<string, number>();
  private sums = new Float64Array(1024);
  private minimums = new Float64Array(1024);
  private counts = new Int32Array(1024);

  /** The number of a path, created with dive's "not seen yet" smallest size of -1. */
  at(path: string): number {
    let id = this.ids.get(path);
    if (id !== undefined) return id;
    id = this.ids.size;
    if (id === this.sums.length) this.grow();
    this.ids.set(path, id);
    this.minimums[id] = -1;
    return id;
  }

  /** Counts one more layer showing the path with `bytes`. */
  add(id: number, bytes: number): void {
    this.sums[id] = (this.sums[id] ?? 0) + bytes;
    const minimum = this.minimums[id] ?? -1;
    if (minimum < 0 || bytes < minimum) this.minimums[id] = bytes;
    this.counts[id] = (this.counts[id] ?? 0) + 1;
  }

  /** Layers that showed a path. */
  count(path: string): number {
    const id = this.ids.get(path);
    return id === undefined ? 0 : (this.counts[id] ?? 0);
  }

  /** dive's wasted bytes: the sums of the paths shown by two layers or more. */
  wasted(): number {
    let bytes = 0;
    for (let id = 0; id < this.ids.size; id++) if ((this.counts[id] ?? 0) >= 2) bytes += this.sums[id] ?? 0;
    return bytes;
  }

  /** dive's score: the smallest sizes over the sums. */
  efficiency(): number {
    let minimum = 0;
    let discovered = 0;
    for (let id = 0; id < this.ids.size; id++) {
      minimum += this.minimums[id] ?? 0;
      discovered += this.sums[id] ?? 0;
    }
    return discovered === 0 ? 1 : minimum / discovered;
  }

  /** dive's inefficient paths, largest sum first. */
  largest(top: number): Inefficiency[] {
    const found: Inefficiency[] = [];
    for (const [path, id] of this.ids) {
      const count = this.counts[id] ?? 0;
      if (count >= 2) found.push({ path, count, cumulativeBytes: this.sums[id] ?? 0 });
    }
    return found.sort((a, b) => b.cumulativeBytes - a.cumulativeBytes || (a.path < b.path ? -1 : 1)).slice(0, top);
  }

  private grow(): void {
    this.sums = doubled(this.sums);
    this.minimums = doubled(this.minimums);
    this.counts = doubled(this.counts);
  }
}
