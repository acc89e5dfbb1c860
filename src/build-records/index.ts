// buildlens's local state: records of the builds it ran, for BL008 and cache-miss diagnosis.
export { openStateStore, type StateStore, type StateStoreOpts } from './store.js';
export { resolveStateDir } from './paths.js';
export { StateStoreError } from './errors.js';
export { DEFAULT_LIMITS, type StateLimits } from './evict.js';
export { buildRecordSchema, isComparable, type BuildRecord, type ComparableQuery } from './record.js';
