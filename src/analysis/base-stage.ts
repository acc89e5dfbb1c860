import { finalStage, stageLineage, type DfStage } from '../dockerfile/model.js';
import type { AnalysisInput } from './input.js';

/** The stage whose FROM names the final image's base: the final stage, or the stage it is built FROM, followed to an image. */
export function baseImageStage(input: AnalysisInput): DfStage | undefined {
  const stage = finalStage(input.dockerfile, input.report.build.target);
  if (!stage) return undefined;
  const root = stageLineage(input.dockerfile, stage).at(-1);
  return root && !root.from.stageRef ? root : undefined;
}
