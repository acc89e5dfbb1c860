import { makeRedactor } from '../core/redact.js';
import { toolVersion } from '../core/version.js';
import type { BuildEvidence, ImageEvidence } from '../sources/source.js';
import { assembleBuild, type AssembleInput, type AssembledBuild } from './assemble.js';

// The report model of a build from whatever source gave its evidence: the
// same assembly for a live build, a history ref and any later source.

/** Assembles the model (steps, stages, lines, times, cache, error) from a source's evidence. */
export function assembleEvidence(evidence: BuildEvidence): AssembledBuild {
  const attrs = evidence.record?.frontendAttrs ?? {};
  const input: AssembleInput = {
    builder: evidence.builder,
    ref: evidence.ref,
    dockerfilePath: evidence.dockerfile?.path ?? attrs.filename ?? 'Dockerfile',
    platforms: evidence.platforms,
    exitCode: evidence.run?.exitCode ?? (evidence.record?.error ? 1 : 0),
    vertexes: evidence.progress.vertexes,
    redact: makeRedactor(evidence.secretValues),
    toolVersion: toolVersion(),
    notes: evidence.notes,
  };
  if (evidence.target) input.target = evidence.target;
  if (evidence.run?.canceled) input.canceled = true;
  if (evidence.record) input.record = evidence.record;
  if (evidence.provenance) input.provenance = evidence.provenance;
  if (evidence.errorFacts) input.errorFacts = evidence.errorFacts;
  if (evidence.dockerfile?.text !== undefined) input.dockerfileText = evidence.dockerfile.text;
  if (evidence.run) {
    input.startedAt = evidence.run.startedAt;
    input.completedAt = evidence.run.completedAt;
  }
  if (evidence.image) return assembleImage(input, evidence.image);
  return assembleBuild(input);
}

// An image read directly: its steps come from its history, it was made when
// its config says, and it has no cache record to count.
function assembleImage(input: AssembleInput, image: ImageEvidence): AssembledBuild {
  input.steps = image.steps;
  if (image.createdAt) input.startedAt = input.completedAt = image.createdAt;
  const built = assembleBuild(input);
  built.report.cache = { steps: 0, cached: 0, ratio: 1 };
  return built;
}
