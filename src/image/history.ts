import type { HistoryEntry } from './schema.js';

// An image config's history lists every instruction, layers or not; entries
// with empty_layer false made the layers, in order. Each layer gets its own
// entry and the empty ones (ENV, WORKDIR, ...) since the previous layer; the
// empty ones after the last layer (CMD, ...) belong to the image. When the
// counts disagree (history is optional, and some tools write it loosely), the
// entries are matched from the first layer on, as dive does, and the rest of
// the layers get none.

/** The history that belongs to one layer. */
export interface LayerHistory {
  /** The entry that made the layer, undefined when history does not cover it. */
  entry: HistoryEntry | undefined;
  /** Empty-layer entries between the previous layer's entry and this one's. */
  before: HistoryEntry[];
}

/** History matched to layers. */
export interface AlignedHistory {
  layers: LayerHistory[];
  /** Empty-layer entries after the last layer's. */
  after: HistoryEntry[];
  /** Set when history and layers do not match one to one. */
  note?: string;
}

/** Matches history entries to `layerCount` layers. */
export function alignHistory(history: readonly HistoryEntry[] | null | undefined, layerCount: number): AlignedHistory {
  const layers: LayerHistory[] = [];
  let pending: HistoryEntry[] = [];
  for (const entry of history ?? []) {
    if (entry.empty_layer === true || layers.length === layerCount) pending.push(entry);
    else {
      layers.push({ entry, before: pending });
      pending = [];
    }
  }
  const made = layers.length;
  while (layers.length < layerCount) layers.push({ entry: undefined, before: [] });
  const aligned: AlignedHistory = { layers, after: pending };
  const entries = (history ?? []).filter((e) => e.empty_layer !== true).length;
  if (entries !== layerCount)
    aligned.note = `the image's history lists ${entries} layer-making steps for ${layerCount} layers; ${made < layerCount ? `the last ${layerCount - made} layers have no history` : 'the extra steps were ignored'}`;
  return aligned;
}
