// The e2e harness: import everything from here.
export { CLI_PATH, runCli, spawnCli, type CliOptions, type CliResult } from './cli.js';
export { CONTEXT_PREFIX, cleanupContexts, makeContext, type ContextFile } from './context.js';
export { buildxBuild, dockerImageExists, removeTaggedImages, uniqueTag, type BuildxResult } from './docker.js';
export { filesUnder, readReport } from './files.js';
export { descendantsOf, eventually, listProcesses, tmpEntriesMatching, type ProcessRow } from './processes.js';
export { blobPath, contentStoreRoots, corruptBlob, imageLayers, restoreCorruptedBlobs, sha256Hex, type CorruptedBlob, type Descriptor } from './content-store.js';
export { CLI_PLUGIN_DIRS, runCliWithoutBuildx, type NoBuildxResult } from './no-buildx.js';
export { startOldEngine, stopOldEngine } from './old-engine.js';
export { exportRecord, forgetRecord } from './exports.js';
export { runCliOnTerminal, type TerminalOptions, type TerminalResult } from './terminal.js';
