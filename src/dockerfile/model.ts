import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { splitImage, type ImageRef } from './image-ref.js';
import { suppressedAbove } from './suppression.js';

// The Dockerfile as BuildKit parsed it (the text comes from the provenance),
// in the project's own terms. dockerfile-ast does the parsing (continuations,
// heredocs, escape directive); nothing outside this folder sees its types.

export { splitImage, type ImageRef } from './image-ref.js';

/** One `--name=value` flag of an instruction, in the order written. */
export interface DfFlag {
  name: string;
  value: string | null;
}

/** One instruction with its exact line range (1-based, continuations and heredocs included). */
export interface DfInstruction {
  keyword: string;
  line: number;
  endLine: number;
  /** The arguments as one string, flags excluded (continuations joined). */
  args: string;
  /** The arguments split as the parser tokenised them, flags excluded. */
  words: string[];
  /** Flags by lower-case name; a repeated flag (e.g. `--mount`) keeps its last value here, all of them in `flagList`. */
  flags: Record<string, string | null>;
  flagList: DfFlag[];
  /** The instruction's own text, as in the file. */
  text: string;
  /** Rule ids silenced by a `# buildlens-ignore` comment directly above. */
  ignore: string[];
  /** Index of the stage it belongs to; -1 for ARGs before the first FROM. */
  stage: number;
}

/** One build stage. */
export interface DfStage {
  index: number;
  /** The AS name, lowercased, or "stage-N". */
  name: string;
  alias?: string;
  /** The FROM reference: an image, or an earlier stage's name (`stageRef`). */
  from: ImageRef & { stageRef?: string };
  /** Index of the earlier stage this one starts from, when FROM names a stage. */
  fromStage?: number;
  fromLine: number;
  platform?: string;
  /** Every instruction of the stage, its FROM first. */
  instructions: DfInstruction[];
}

/** A parsed Dockerfile. */
export interface DockerfileModel {
  stages: DfStage[];
  /** ARG instructions before the first FROM. */
  globalArgs: DfInstruction[];
  lines: string[];
}

function flagsOf(instruction: Instruction): DfFlag[] {
  // Only some instruction classes (RUN, COPY, ADD, FROM, HEALTHCHECK) carry flags.
  const withFlags = instruction as Instruction & { getFlags?: () => Array<{ getName(): string; getValue(): string | null }> };
  return typeof withFlags.getFlags === 'function'
    ? withFlags.getFlags().map((f) => ({ name: f.getName().toLowerCase(), value: f.getValue() }))
    : [];
}

function commentLines(parsed: ReturnType<typeof DockerfileParser.parse>): Map<number, string> {
  const out = new Map<number, string>();
  for (const comment of parsed.getComments()) out.set(comment.getRange().start.line + 1, comment.getContent());
  return out;
}

/** Parses Dockerfile text; never throws (an unparsable line just yields no instruction). */
export function parseDockerfile(text: string): DockerfileModel {
  const parsed = DockerfileParser.parse(text);
  const lines = text.split(/\r?\n/);
  const comments = commentLines(parsed);
  const model: DockerfileModel = { stages: [], globalArgs: [], lines };
  for (const instruction of parsed.getInstructions()) {
    const range = instruction.getRange();
    const line = range.start.line + 1;
    const endLine = range.end.line + 1;
    const flagList = flagsOf(instruction);
    const df: DfInstruction = {
      keyword: instruction.getKeyword().toUpperCase(),
      line,
      endLine,
      args: instruction.getArgumentsContent() ?? '',
      words: instruction.getArguments().map((a) => a.getValue()),
      flags: Object.fromEntries(flagList.map((f) => [f.name, f.value])),
      flagList,
      text: lines.slice(line - 1, endLine).join('\n'),
      ignore: suppressedAbove(line, comments),
      stage: model.stages.length - 1,
    };
    if (df.keyword === 'FROM') model.stages.push(stageOf(df, model.stages));
    else if (model.stages.length === 0) {
      if (df.keyword === 'ARG') model.globalArgs.push(df);
    } else model.stages[model.stages.length - 1]?.instructions.push(df);
  }
  return model;
}

function stageOf(from: DfInstruction, earlier: DfStage[]): DfStage {
  const [ref = '', as, alias] = from.words;
  const index = earlier.length;
  const named = as?.toUpperCase() === 'AS' && alias ? alias.toLowerCase() : undefined;
  // Only an earlier stage's name counts: BuildKit resolves `FROM x` to a stage only if x was defined above.
  const parent = earlier.find((s) => s.name === ref.toLowerCase());
  const stage: DfStage = {
    index,
    name: named ?? `stage-${index}`,
    from: parent ? { image: ref, stageRef: parent.name } : splitImage(ref),
    fromLine: from.line,
    instructions: [{ ...from, stage: index }],
  };
  if (parent) stage.fromStage = parent.index;
  if (named) stage.alias = named;
  if (from.flags.platform) stage.platform = from.flags.platform;
  return stage;
}

/** The stage a build produces: the target, else the last one. */
export function finalStage(model: DockerfileModel, target?: string): DfStage | undefined {
  return (target && model.stages.find((s) => s.name === target.toLowerCase())) || model.stages[model.stages.length - 1];
}

/** The stage and its ancestors through `FROM <stage>`, nearest first. */
export function stageLineage(model: DockerfileModel, stage: DfStage): DfStage[] {
  const out: DfStage[] = [];
  for (
    let at: DfStage | undefined = stage;
    at && !out.includes(at);
    at = at.fromStage === undefined ? undefined : model.stages[at.fromStage]
  )
    out.push(at);
  return out;
}

// Instructions that become LLB operations; BuildKit names their vertices
// "[stage k/n]", counting only these (ENV, ARG, USER... change metadata only).
const STEP_KEYWORDS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR']);

/** A stage's instructions that become build steps, FROM first: index k-1 is BuildKit's "[stage k/n]". */
export function buildSteps(stage: DfStage): DfInstruction[] {
  return stage.instructions.filter((i) => STEP_KEYWORDS.has(i.keyword));
}

/** The instruction a step vertex "[stage k/n]" stands for: the k-th of its stage's build steps. */
export function stepInstruction(steps: readonly DfInstruction[], k: number): DfInstruction | undefined {
  return steps[k - 1];
}

/** Every instruction: global ARGs, then each stage's in order. */
export function allInstructions(model: DockerfileModel): DfInstruction[] {
  return [...model.globalArgs, ...model.stages.flatMap((s) => s.instructions)];
}

/** The instruction whose line range holds `line`. */
export function instructionAt(model: DockerfileModel, line: number): DfInstruction | undefined {
  return allInstructions(model).find((i) => i.line <= line && line <= i.endLine);
}
