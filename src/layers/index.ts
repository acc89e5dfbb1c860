// Streaming layer analysis: what each layer blob holds, what later layers
// waste of it, and a digest-keyed cache so reused layers are never re-read.

export { analyzeImage, type AnalyzeImageOpts, type LayerProgress, type OpenBlob } from './analyze-image.js';
export { analyzeLayer, type AnalyzeLayerOpts, type LayerAnalysis, type LayerDescriptor, type LayerIndex } from './analyze-layer.js';
export { accountLayers, type Accounting } from './accounting.js';
export { finalFiles } from './final-files.js';
export { layerFileTrees, wasteRecorder, type FileTreeOpts } from './file-trees.js';
export { LayerFactsCache, defaultLayerCacheDir, type LayerFactsCacheOpts } from './cache.js';
export { categorize, CATEGORY_TABLE } from './categories.js';
export { normalizeTarPath, classifyLayerPath } from './tar-path.js';
export { findContents, type ContentDigest, type ContentMatch, type ContentSearch } from './content-match.js';
