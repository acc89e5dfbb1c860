import type { VertexState } from '../collect/progress.js';
import { parseVertexName } from './vertex-name.js';

// What counts as a step, once, for every number buildlens shows: the report's
// cache totals and stage lines, the live view's "k/n steps" and `history`'s
// STEPS and CACHED columns. A step is a Dockerfile instruction that ran (or
// was served from the cache, or failed, or was canceled once started).
// BuildKit's own work (loading the Dockerfile and the context, resolving
// base images, exporting) is not a step, and neither is FROM: a local base
// image is never reported cached, so counting it would make every fully
// cached rebuild look partly uncached. BuildKit's record counts all of these
// vertices (numTotalSteps), which is why `history` does not show its number.

/** What a step count needs to know of a vertex. */
export type CountedVertex = Pick<VertexState, 'name' | 'started' | 'error' | 'cached'>;

/**
 * Whether a vertex of a Dockerfile instruction ran in this build (started, or ended in an error); one that never
 * started is not a step of the build.
 */
export function ranInBuild(vertex: Pick<VertexState, 'started' | 'error'>): boolean {
  return vertex.started !== undefined || vertex.error !== undefined;
}

/** Whether an instruction's steps are counted: every instruction but FROM. */
export function isCountedInstruction(instruction: string): boolean {
  return !/^\s*FROM\s/i.test(instruction);
}

/** Whether a vertex counts as a step (see above). */
export function countsAsStep(vertex: CountedVertex): boolean {
  const parsed = parseVertexName(vertex.name);
  return parsed.kind === 'step' && ranInBuild(vertex) && isCountedInstruction(parsed.rest);
}

/** Steps and cached steps. */
export interface StepTotals {
  steps: number;
  cached: number;
}

/** The step totals of a build's vertices (each vertex once: BuildKit merges identical steps of two stages into one). */
export function stepTotals(vertexes: Iterable<CountedVertex>): StepTotals {
  let steps = 0;
  let cached = 0;
  for (const vertex of vertexes) {
    if (!countsAsStep(vertex)) continue;
    steps++;
    if (vertex.cached) cached++;
  }
  return { steps, cached };
}
