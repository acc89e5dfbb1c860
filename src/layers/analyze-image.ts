import { Readable } from 'node:stream';
import type { ImageLayerFacts } from '../model/facts.js';
import { accountLayers } from './accounting.js';
import { analyzeLayer, type LayerAnalysis, type LayerDescriptor } from './analyze-layer.js';
import type { LayerFactsCache } from './cache.js';

// Layer analysis of a whole image: each layer streamed once (or taken from
// the cache without opening its blob), then accounted across layers.

/** Progress of an image analysis: layer `index` of `total` is done, from the cache or read. */
export interface LayerProgress {
  index: number;
  total: number;
  digest: string;
  cached: boolean;
}

/** Options of an image analysis. */
export interface AnalyzeImageOpts {
  cache?: LayerFactsCache;
  onProgress?: (progress: LayerProgress) => void;
  /** Older callback form of onProgress, called before each layer is read. */
  onLayer?: (index: number, total: number, cached: boolean) => void;
  signal?: AbortSignal;
}

/** Opens a layer blob by digest. */
export type OpenBlob = (digest: string) => Readable | Promise<Readable>;

/** Analyses an image's layers (base first); a layer that cannot be opened or read gives notes, not a throw. */
export async function analyzeImage(layers: readonly LayerDescriptor[], open: OpenBlob, opts: AnalyzeImageOpts = {}): Promise<ImageLayerFacts> {
  const analyses: LayerAnalysis[] = [];
  for (const [i, layer] of layers.entries()) {
    const hit = await opts.cache?.get(layer.digest);
    opts.onLayer?.(i, layers.length, hit !== undefined);
    const analysis = hit ?? (await readLayer(layer, open, opts.signal));
    // A layer read only partly is not cached: the next run may read it whole.
    if (!hit && analysis.complete) await opts.cache?.put(analysis).catch(() => undefined);
    analyses.push(analysis);
    opts.onProgress?.({ index: i, total: layers.length, digest: layer.digest, cached: hit !== undefined });
  }
  return { layers: analyses.map((a) => a.facts), ...accountLayers(analyses.map((a) => a.index)) };
}

async function readLayer(layer: LayerDescriptor, open: OpenBlob, signal: AbortSignal | undefined): Promise<LayerAnalysis> {
  let blob: Readable;
  try {
    blob = await open(layer.digest);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const analysis = await analyzeLayer(Readable.from([]), layer);
    analysis.facts.notes.push(`layer blob could not be opened (${message}); its contents are not counted`);
    return { ...analysis, complete: false };
  }
  return analyzeLayer(blob, layer, signal ? { signal } : {});
}
