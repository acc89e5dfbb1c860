// The build context as buildx sends it: scan, manifest and diff.
export { scanContext, ContextScanError, type ScanContextOpts, type ScanContextResult } from './scan.js';
export { diffManifests, copiedBy, type ManifestDiff } from './diff.js';
export { contextManifestSchema, manifestEntrySchema, type ContextManifest, type ManifestEntry } from './manifest.js';
export { compileIgnore, ignoreFileCandidates } from './ignore-file.js';
export { isSecretLikePath, heavyRoot } from './classify.js';
