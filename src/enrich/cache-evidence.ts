import type { DiagnosisInput } from '../analysis/cache/diagnose.js';
import type { BuildRecord } from '../build-records/index.js';
import { buildArgsOf } from '../buildkit/frontend-attrs.js';
import type { HistoryRecord } from '../buildkit/types.js';
import type { ProvenanceFacts } from '../collect/provenance.js';
import { diffManifests } from '../context/index.js';
import { contextSourcesOfText } from '../dockerfile/instruction-args.js';
import type { Note, Step } from '../model/report.js';
import { compareCacheInputs, type CacheInputs } from '../report-dir/index.js';

// What two builds' evidence says changed between them, whatever each was
// read from: build-arg values from BuildKit's records (a history ref, a
// .dockerbuild), arg fingerprints and context manifests from buildlens's own
// records (same machine) or from the cache inputs a report directory keeps
// (any machine), and step definitions from the provenance. Each fact is used
// only when both sides have it in comparable form; otherwise it stays unknown.

/** What one build of a comparison has. */
export interface CacheSide {
  record?: HistoryRecord | undefined;
  own?: BuildRecord | undefined;
  inputs?: CacheInputs | undefined;
  provenance?: ProvenanceFacts | undefined;
}

/** The diagnosis inputs two sides give, and why some could not be compared. */
export type ComparisonEvidence = Pick<DiagnosisInput, 'changedArgs' | 'contextChanges' | 'sameDefinition'> & { notes: Note[] };

/** Compares what both sides have; `current` is the build whose misses are explained. */
export function comparisonEvidence(current: CacheSide, previous: CacheSide): ComparisonEvidence {
  const evidence: ComparisonEvidence = { notes: [] };
  const inputs = current.inputs && previous.inputs ? compareCacheInputs(previous.inputs, current.inputs) : undefined;
  const changedArgs = argsByValue(current.record, previous.record) ?? argsByOwnRecord(current.own, previous.own) ?? inputs?.changedArgs;
  if (changedArgs) evidence.changedArgs = changedArgs;
  else if (inputs) evidence.notes.push(...inputs.notes);
  const [before, after] = [previous.own?.manifest, current.own?.manifest];
  if (before && after) evidence.contextChanges = (sources) => diffManifests(before, after, sources);
  else if (inputs?.contextChanges) evidence.contextChanges = inputs.contextChanges;
  const sameDefinition = definitionComparer(current.provenance, previous.provenance);
  if (sameDefinition) evidence.sameDefinition = sameDefinition;
  return evidence;
}

// Names of build args whose value differs; values are compared here and go no further.
function argsByValue(current?: HistoryRecord, previous?: HistoryRecord): string[] | undefined {
  if (!current || !previous) return undefined;
  const [now, before] = [buildArgsOf(current.frontendAttrs), buildArgsOf(previous.frontendAttrs)];
  return [...new Set([...Object.keys(now), ...Object.keys(before)])].filter((name) => now[name] !== before[name]).sort();
}

// Fingerprints of one state store compare directly.
function argsByOwnRecord(current?: BuildRecord, previous?: BuildRecord): string[] | undefined {
  if (!current || !previous) return undefined;
  const names = new Set([...Object.keys(current.buildArgs), ...Object.keys(previous.buildArgs)]);
  return [...names].filter((n) => current.buildArgs[n] !== previous.buildArgs[n]).sort();
}

// The provenance step a report step came from: its id without a platform
// prefix. Steps of a multi-platform build are left out (one provenance is
// read, for one platform).
function llbIdOf(step: Step): string | undefined {
  return step.platform === undefined && /^step\d+$/.test(step.id) ? step.id : undefined;
}

// Equal definitions, when both provenances define the step. A step that reads
// the context directly without copying it (a bind mount) is left unjudged:
// its definition does not show the content it reads.
function definitionComparer(current?: ProvenanceFacts, previous?: ProvenanceFacts): DiagnosisInput['sameDefinition'] {
  const [now, before] = [current?.definitions, previous?.definitions];
  if (!now || !before) return undefined;
  return (step, counterpart) => {
    const [a, b] = [llbIdOf(step), llbIdOf(counterpart)];
    const [mine, theirs] = [a ? now.get(a) : undefined, b ? before.get(b) : undefined];
    if (!mine || !theirs) return undefined;
    if (mine.readsContext && contextSourcesOfText(step.instruction).length === 0) return undefined;
    return mine.digest === theirs.digest;
  };
}
