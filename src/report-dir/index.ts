// A buildlens report directory as a source: report.json read back, and the
// cache inputs (cache-inputs.json) that let a later run explain its misses.
export { readReportDir, type ReportDirContents } from './read.js';
export { ReportDirError, type ReportDirProblem } from './errors.js';
export { CACHE_INPUTS_FILE, cacheInputsSchema, type CacheInputs, type CacheInputCopy, type CacheInputFile } from './cache-inputs.js';
export { makeCacheInputs, type CacheInputsSource } from './make.js';
export { keepCacheInputs, writeCacheInputs } from './write.js';
export { compareCacheInputs, type CacheInputsComparison } from './compare.js';
export { fingerprinterOf, type Fingerprinter } from './fingerprint.js';
