import { DockerfileParser } from 'dockerfile-ast';

// The Dockerfile as BuildKit parsed it (the text comes from the provenance),
// in the project's own terms. dockerfile-ast does the parsing; nothing
// outside this folder sees its types.

/** One instruction with its exact line range (1-based, continuations and heredocs included). */
export interface DfInstruction {
  keyword: string;
  line: number;
  endLine: number;
  /** The arguments as one string, flags excluded. */
  args: string;
  flags: Record<string, string | null>;
  /** The instruction's own text, as in the file. */
  text: string;
  /** Rule ids silenced by a `# buildlens-ignore` comment directly above. */
  ignore: string[];
  stage: number;
}

/** One build stage. */
export interface DfStage {
  index: number;
  /** The AS name, lowercased, or "stage-N". */
  name: string;
  alias?: string;
  /** The FROM reference: an image, or an earlier stage's name. */
  from: { image: string; tag?: string; digest?: string; stageRef?: string };
  fromLine: number;
  platform?: string;
  instructions: DfInstruction[];
}

/** A parsed Dockerfile. */
export interface DockerfileModel {
  stages: DfStage[];
  /** ARG instructions before the first FROM. */
  globalArgs: DfInstruction[];
  lines: string[];
}

const IGNORE = /^buildlens-ignore\s+([A-Za-z0-9_,\s-]+)$/;

/** Parses Dockerfile text. */
export function parseDockerfile(text: string): DockerfileModel {
  const parsed = DockerfileParser.parse(text);
  const lines = text.split(/\r?\n/);
  const ignoresByLine = new Map<number, string[]>();
  for (const comment of parsed.getComments()) {
    const m = IGNORE.exec(comment.getContent().trim());
    if (m?.[1]) ignoresByLine.set(comment.getRange().start.line + 1, m[1].split(/[\s,]+/).filter(Boolean).map((id) => id.toUpperCase()));
  }
  const model: DockerfileModel = { stages: [], globalArgs: [], lines };
  const stageNames = new Set<string>();
  for (const instruction of parsed.getInstructions()) {
    const range = instruction.getRange();
    const line = range.start.line + 1;
    const keyword = instruction.getKeyword().toUpperCase();
    const flags: Record<string, string | null> = {};
    if ('getFlags' in instruction && typeof instruction.getFlags === 'function') {
      for (const flag of (instruction as { getFlags(): Array<{ getName(): string; getValue(): string | null }> }).getFlags()) flags[flag.getName().toLowerCase()] = flag.getValue();
    }
    const df: DfInstruction = {
      keyword,
      line,
      endLine: range.end.line + 1,
      args: instruction.getArgumentsContent() ?? '',
      flags,
      text: lines.slice(line - 1, range.end.line + 1).join('\n'),
      ignore: ignoresByLine.get(line - 1) ?? [],
      stage: model.stages.length - 1,
    };
    if (keyword === 'FROM') {
      const words = df.args.trim().split(/\s+/);
      const ref = words[0] ?? '';
      const alias = words.length >= 3 && words[1]?.toUpperCase() === 'AS' ? words[2]?.toLowerCase() : undefined;
      const index = model.stages.length;
      const from = stageNames.has(ref.toLowerCase()) ? { image: ref, stageRef: ref.toLowerCase() } : splitImage(ref);
      const stage: DfStage = { index, name: alias ?? `stage-${index}`, from, fromLine: line, instructions: [] };
      if (alias) stage.alias = alias;
      if (flags.platform) stage.platform = flags.platform;
      df.stage = index;
      stage.instructions.push(df);
      model.stages.push(stage);
      stageNames.add(stage.name);
    } else if (model.stages.length === 0) {
      if (keyword === 'ARG') model.globalArgs.push(df);
    } else {
      model.stages[model.stages.length - 1]?.instructions.push(df);
    }
  }
  return model;
}

/** The stage a build produces: the target, else the last one. */
export function finalStage(model: DockerfileModel, target?: string): DfStage | undefined {
  return (target && model.stages.find((s) => s.name === target.toLowerCase())) || model.stages[model.stages.length - 1];
}

/** Splits "name:tag@digest" (a registry port is not a tag). */
export function splitImage(ref: string): { image: string; tag?: string; digest?: string } {
  const [nameTag = '', digest] = ref.split('@');
  const slash = nameTag.lastIndexOf('/');
  const colon = nameTag.lastIndexOf(':');
  const out: { image: string; tag?: string; digest?: string } = colon > slash ? { image: nameTag.slice(0, colon), tag: nameTag.slice(colon + 1) } : { image: nameTag };
  if (digest) out.digest = digest;
  return out;
}
