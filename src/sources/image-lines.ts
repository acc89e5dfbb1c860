import { finalStage, parseDockerfile, stageLineage, type DfInstruction, type DockerfileModel } from '../dockerfile/model.js';
import { historyInstruction, type HistoryInstruction } from '../image/created-by.js';
import type { AlignedHistory } from '../image/history.js';

// Which Dockerfile line made each layer of an image read directly. With the
// Dockerfile (`-f`), the layer-making history entries are matched, from the
// last one back, to the final stage's RUN/COPY/ADD/WORKDIR instructions (its
// parent stages' included): same keyword, and for RUN the same command, for
// COPY/ADD the same destination. Layers below the first match are the base
// image's. Without it, the history itself is the Dockerfile: one instruction
// per entry after a `FROM scratch` line, and the base image ends at the last
// CMD or ENTRYPOINT that layers follow (a base image's last word), else after
// the first layer, as dive counts it.

/** Where one layer came from. */
export interface LayerLine {
  /** From the image's history. */
  instruction: HistoryInstruction | undefined;
  base: boolean;
  /** The line range and stage of the instruction, when tied to one. */
  line?: { line: number; endLine: number; stage: string; text: string };
}

/** The Dockerfile the report's lines refer to, and each layer's line. */
export interface ImageLines {
  dockerfile: { path: string; text: string };
  layers: LayerLine[];
  /** How the base image's layers were told apart. */
  baseBy: 'dockerfile' | 'history' | 'first-layer';
  /** Layers the Dockerfile could not be matched to (not the base's). */
  unmatched: number;
}

const LAYER_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

/** Ties an image's layers to a Dockerfile's lines, or to its history written as one. */
export function imageLines(history: AlignedHistory, dockerfile: { path: string; text: string } | undefined, target?: string): ImageLines {
  const instructions = history.layers.map((l) => (l.entry?.created_by !== undefined ? historyInstruction(l.entry.created_by) : undefined));
  if (dockerfile) {
    const model = parseDockerfile(dockerfile.text);
    if (model.stages.length > 0) return matchDockerfile(instructions, model, dockerfile, target);
  }
  return fromHistory(history, instructions);
}

function matchDockerfile(
  instructions: Array<HistoryInstruction | undefined>,
  model: DockerfileModel,
  dockerfile: { path: string; text: string },
  target: string | undefined,
): ImageLines {
  const stage = finalStage(model, target);
  const lineage = stage ? stageLineage(model, stage).reverse() : [];
  const candidates = lineage.flatMap((s) => s.instructions.filter((i) => LAYER_KEYWORDS.has(i.keyword)).map((i) => ({ i, stage: s.name })));
  const layers: LayerLine[] = instructions.map((instruction) => ({ instruction, base: false }));
  let next = candidates.length - 1;
  let first = instructions.length;
  for (let layer = instructions.length - 1; layer >= 0 && next >= 0; layer--) {
    const instruction = instructions[layer];
    if (!instruction) continue;
    let at = next;
    while (at >= 0 && !matches(instruction, (candidates[at] as { i: DfInstruction }).i)) at--;
    if (at < 0) continue;
    const { i, stage: name } = candidates[at] as { i: DfInstruction; stage: string };
    (layers[layer] as LayerLine).line = { line: i.line, endLine: i.endLine, stage: name, text: i.text.trim() };
    first = layer;
    next = at - 1;
  }
  layers.forEach((l, index) => (l.base = index < first));
  const unmatched = layers.filter((l) => !l.base && !l.line).length;
  return { dockerfile, layers, baseBy: 'dockerfile', unmatched };
}

// Same keyword; RUN: the same command (whitespace aside); COPY/ADD: the same destination.
function matches(entry: HistoryInstruction, instruction: DfInstruction): boolean {
  if (entry.keyword !== instruction.keyword) return false;
  if (entry.keyword === 'RUN') return squash(execForm(entry.args)) === squash(execForm(instruction.args));
  if (entry.keyword === 'COPY' || entry.keyword === 'ADD') {
    const wanted = destination(instruction.words.at(-1) ?? '');
    // A destination with a variable or relative to WORKDIR is written expanded in the history: keyword only.
    if (wanted.includes('$') || !wanted.startsWith('/')) return true;
    const words = entry.args.split(/\s+/).filter(Boolean);
    return destination(words.at(-1) ?? '') === wanted;
  }
  return true;
}

function destination(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

// `["a", "b"]` → `a b`: BuildKit may record an exec-form RUN either way.
function execForm(args: string): string {
  const text = args.trim();
  if (!text.startsWith('[')) return text;
  try {
    const words: unknown = JSON.parse(text);
    return Array.isArray(words) && words.every((w) => typeof w === 'string') ? words.join(' ') : text;
  } catch {
    return text;
  }
}

function squash(text: string): string {
  return text
    .replace(/\\\r?\n/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function fromHistory(history: AlignedHistory, instructions: Array<HistoryInstruction | undefined>): ImageLines {
  const lines = ['FROM scratch'];
  const layers: LayerLine[] = instructions.map((instruction) => ({ instruction, base: false }));
  let baseEnd = -1;
  const emit = (text: string): { line: number; endLine: number } => {
    const line = lines.length + 1;
    lines.push(...text.split(/\r?\n/));
    return { line, endLine: lines.length };
  };
  history.layers.forEach((layer, index) => {
    for (const entry of layer.before) {
      if (entry.created_by === undefined) continue;
      const before = historyInstruction(entry.created_by);
      emit(before.text);
      if ((before.keyword === 'CMD' || before.keyword === 'ENTRYPOINT') && index > 0) baseEnd = index;
    }
    const instruction = instructions[index];
    if (!instruction) return;
    const range = emit(instruction.text);
    (layers[index] as LayerLine).line = { ...range, stage: 'stage-0', text: instruction.text };
  });
  for (const entry of history.after) if (entry.created_by !== undefined) emit(historyInstruction(entry.created_by).text);
  const baseBy = baseEnd > 0 ? 'history' : 'first-layer';
  const baseCount = baseEnd > 0 ? baseEnd : Math.min(1, layers.length);
  layers.forEach((l, index) => (l.base = index < baseCount));
  return { dockerfile: { path: 'image history', text: `${lines.join('\n')}\n` }, layers, baseBy, unmatched: 0 };
}
