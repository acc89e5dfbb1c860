import type { Readable } from 'node:stream';
import type { ImageLayerFacts } from '../model/facts.js';
import { accountLayers } from './accounting.js';
import { analyzeLayer, type LayerAnalysis, type LayerDescriptor } from './analyze-layer.js';
import type { LayerFactsCache } from './cache.js';

// Layer analysis of a whole image: each layer streamed once (or taken from
// the cache), then accounted across layers.

export { analyzeLayer, type LayerAnalysis, type LayerDescriptor, type LayerIndex } from './analyze-layer.js';
export { accountLayers } from './accounting.js';
export { LayerFactsCache, defaultLayerCacheDir } from './cache.js';
export { categorize } from './categories.js';

/** Options of an image analysis. */
export interface AnalyzeImageOpts {
  cache?: LayerFactsCache;
  onLayer?: (index: number, total: number, cached: boolean) => void;
}

/** Analyses an image's layers (base first); `open` streams a blob by digest. */
export async function analyzeImage(layers: LayerDescriptor[], open: (digest: string) => Readable, opts: AnalyzeImageOpts = {}): Promise<ImageLayerFacts> {
  const analyses: LayerAnalysis[] = [];
  for (const [i, layer] of layers.entries()) {
    const hit = await opts.cache?.get(layer.digest);
    opts.onLayer?.(i, layers.length, hit !== undefined);
    if (hit) {
      analyses.push(hit);
      continue;
    }
    const analysis = await analyzeLayer(open(layer.digest), layer);
    analyses.push(analysis);
    // A layer read only partly (corrupt blob) is not cached: the next run may read it whole.
    if (analysis.facts.notes.length === 0) await opts.cache?.put(analysis).catch(() => undefined);
  }
  const accounting = accountLayers(analyses.map((a) => a.index));
  return { layers: analyses.map((a) => a.facts), ...accounting };
}
