// Compares the cache inputs of two builds (two report directories, any two
// machines) into what the cache-miss diagnosis takes: the build args whose
// value changed, by name, and the context files changed under a COPY's sources.
import type { ContextChanges } from '../analysis/cache/diagnose.js';
import { diffManifests } from '../context/diff.js';
import type { ContextManifest } from '../context/manifest.js';
import type { Note } from '../model/report.js';
import type { CacheInputs } from './cache-inputs.js';

/** The evidence two builds' cache inputs give, in DiagnosisInput's terms. */
export interface CacheInputsComparison {
  /** Names of build args set differently (added, removed or changed); undefined when the fingerprints cannot be compared. */
  changedArgs?: string[];
  /** Context files changed under these sources; undefined when either build's file list is incomplete. */
  contextChanges?: (sources: string[]) => ContextChanges | undefined;
  notes: Note[];
}

// The files as a context manifest. A keyed fingerprint stands in for the hash
// when both sides share the key; otherwise the file has no hash, and the diff
// then judges it by size (assuming a change rather than hiding one).
function asManifest(inputs: CacheInputs, sameKey: boolean): ContextManifest {
  return {
    version: 1,
    entries: inputs.files.map((f) => {
      const stand = sameKey && f.fingerprint ? f.fingerprint.slice(f.fingerprint.indexOf(':') + 1) : null;
      const entry = { path: f.path, size: f.size, mode: f.mode, sha256: f.sha256 ?? stand };
      return f.mtimeMs === undefined ? entry : { ...entry, mtimeMs: f.mtimeMs };
    }),
  };
}

function changedArgNames(previous: CacheInputs, current: CacheInputs): string[] {
  const names = new Set([...Object.keys(previous.buildArgs), ...Object.keys(current.buildArgs)]);
  return [...names].filter((n) => previous.buildArgs[n] !== current.buildArgs[n]).sort();
}

/** What changed from `previous` to `current` as far as their cache inputs show. */
export function compareCacheInputs(previous: CacheInputs, current: CacheInputs): CacheInputsComparison {
  const sameKey = previous.keyId === current.keyId;
  const comparison: CacheInputsComparison = { notes: [] };
  if (sameKey) comparison.changedArgs = changedArgNames(previous, current);
  else {
    comparison.notes.push({
      topic: 'cache',
      message: `builds ${previous.ref} and ${current.ref} were fingerprinted with different keys: changed build args cannot be named, and credential-like files are compared by size only (keep BUILDLENS_STATE_DIR across runs to share the key)`,
    });
  }
  if (previous.filesComplete && current.filesComplete) {
    const [before, after] = [asManifest(previous, sameKey), asManifest(current, sameKey)];
    comparison.contextChanges = (sources) => diffManifests(before, after, sources);
  }
  return comparison;
}
