// Bounded "largest N" lists: a layer may hold 100 000 paths, a report keeps
// a handful of them. Equal sizes order by path so reports are stable
// whatever order a tar lists its entries in.

/** A path with its size in bytes. */
export interface SizedPath {
  path: string;
  size: number;
}

// True when a belongs before b.
function ranksBefore(a: SizedPath, b: SizedPath): boolean {
  return a.size > b.size || (a.size === b.size && a.path < b.path);
}

/** Inserts `item` into `list` (largest first, then by path) keeping at most `limit` items. */
export function keepLargest<T extends SizedPath>(list: T[], item: T, limit: number): void {
  const last = list[list.length - 1];
  if (list.length >= limit && last !== undefined && !ranksBefore(item, last)) return;
  let i = list.length;
  for (let before = list[i - 1]; before !== undefined && ranksBefore(item, before); before = list[i - 1]) i--;
  list.splice(i, 0, item);
  if (list.length > limit) list.pop();
}
