import { finalStage, stageLineage, type DockerfileModel } from '../dockerfile/model.js';
import type { Step } from '../model/report.js';

// A builder stage's steps make layers the final image never carries (only
// what a later stage copies from them ships): views show "not in the final
// image" for them instead of an empty size.

/** Marks the steps of stages the final image is not built from (`inFinalImage: false`). */
export function markBuilderStages(steps: Step[], model: DockerfileModel | undefined, target: string | undefined): void {
  const final = model ? finalStage(model, target) : undefined;
  if (!model || !final) return;
  const built = new Set(stageLineage(model, final).map((s) => s.name));
  const known = new Set(model.stages.map((s) => s.name));
  for (const step of steps) {
    const stage = step.stage.toLowerCase();
    if (known.has(stage) && !built.has(stage)) step.inFinalImage = false;
  }
}
