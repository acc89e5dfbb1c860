// Build record files (`.dockerbuild`, from `docker buildx history export`):
// the records they hold, converted to the HistoryRecord the builder's client
// yields, and their blobs by digest.
export { openRecordFile, type OpenRecordFileOpts, type RecordEntry, type RecordFile } from './open.js';
export { parseRecordFileSpec, type RecordFileSpec } from './source.js';
export { RecordFileError, type RecordFileProblem } from './errors.js';
export { HISTORY_RECORD_V0 } from './layout.js';
