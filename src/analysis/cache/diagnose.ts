import type { CacheMiss, Report, Step } from '../../model/report.js';
import { contextSourcesOfText } from '../../dockerfile/instruction-args.js';
import { keywordOf, referencedVariables } from './instruction.js';

// Why each Dockerfile step of a build missed the cache, by comparison with an
// earlier comparable build. The evidence: BuildKit's vertex digest is the
// digest of the step's LLB op including its inputs, so an unchanged digest
// that missed means content (context files) or the cache itself, while a
// changed digest means the op or what it stands on changed. Nothing is
// stated as a cause that this evidence does not show; otherwise "unknown".

/** File changes under a set of context paths, when buildlens recorded both contexts. */
export interface ContextChanges {
  added: string[];
  removed: string[];
  modified: string[];
}

/** What the diagnosis compares. */
export interface DiagnosisInput {
  current: Report;
  previous: Report;
  /** --no-cache was given (every step misses by request). */
  noCache?: boolean;
  /** --no-cache-filter stages. */
  noCacheFilter?: string[];
  /** Names of build args whose value changed (from fingerprints); undefined when unknown. */
  changedArgs?: string[];
  /** Context file changes under the given sources; undefined when no manifests were recorded. */
  contextChanges?: (sources: string[]) => ContextChanges | undefined;
}

/** The cache misses of `current` with causes, root misses first in each chain, and what re-running cost. */
export function diagnoseCacheMisses(input: DiagnosisInput): CacheMiss[] {
  const { current, previous } = input;
  const misses: CacheMiss[] = [];
  const missedIds = new Set<string>();
  const byStage = groupByStage(current.steps);
  const previousByStage = groupByStage(previous.steps);

  for (const [stageKey, steps] of byStage) {
    const earlier = previousByStage.get(stageKey) ?? [];
    let parentMiss: Step | undefined;
    const counterparts = align(steps, earlier);
    for (const [index, step] of steps.entries()) {
      const keyword = keywordOf(step.instruction);
      const counterpart = counterparts[index];
      if (keyword === 'FROM') {
        if (counterpart && step.baseImage && counterpart.baseImage && step.baseImage !== counterpart.baseImage) {
          misses.push(miss(step, 'base-image-changed', { previous: counterpart.baseImage, current: step.baseImage }, true));
          missedIds.add(step.id);
          parentMiss = step;
        }
        continue;
      }
      if (step.cached) {
        parentMiss = undefined;
        continue;
      }
      missedIds.add(step.id);
      const cost = counterpart ? { costMs: step.durationMs } : {};
      const fromStage = /--from=(\S+)/.exec(step.instruction)?.[1]?.toLowerCase();
      const upstream = fromStage ? lastMissOfStage(current.steps, fromStage, missedIds) : undefined;
      if (input.noCache || input.noCacheFilter?.some((s) => s.toLowerCase() === step.stage.toLowerCase())) {
        misses.push({ ...miss(step, 'cache-unavailable', { reason: input.noCache ? '--no-cache' : `--no-cache-filter ${step.stage}` }, !parentMiss), ...cost });
      } else if (!counterpart) {
        const replaced = earlier[index] && !counterparts.includes(earlier[index]) ? earlier[index].instruction : null;
        misses.push(miss(step, 'instruction-changed', { previous: replaced, current: step.instruction }, true));
      } else if (parentMiss || upstream) {
        const parent = parentMiss ?? upstream;
        misses.push({ ...miss(step, 'parent-missed', { parentLine: parent?.line, parentInstruction: parent?.instruction }, false), ...cost });
      } else {
        misses.push({ ...miss(step, ...directCause(step, counterpart, input)), ...cost });
      }
      parentMiss = step;
    }
  }
  return misses.sort((a, b) => a.line - b.line);
}

// The cause of a miss whose instruction and parents are unchanged.
function directCause(step: Step, counterpart: Step, input: DiagnosisInput): [CacheMiss['cause'], Record<string, unknown>, boolean] {
  const sources = contextSourcesOfText(step.instruction);
  if (sources.length > 0) {
    const changes = input.contextChanges?.(sources);
    if (changes && changes.added.length + changes.removed.length + changes.modified.length > 0) {
      return ['context-files-changed', { sources, ...limitLists(changes) }, true];
    }
    if (step.vertex && step.vertex === counterpart.vertex && !changes) {
      // Same op and inputs; only the copied content can differ, and no manifest says which files.
      return ['context-files-changed', { sources, files: 'not recorded (build run without buildlens)' }, true];
    }
  }
  const used = referencedVariables(step.instruction);
  const changedArgs = input.changedArgs?.filter((name) => used.includes(name)) ?? [];
  if (changedArgs.length > 0) return ['build-arg-changed', { args: changedArgs }, true];
  if (step.vertex && counterpart.vertex && step.vertex !== counterpart.vertex && input.changedArgs && input.changedArgs.length > 0) {
    // The op changed without its text changing: an inherited ARG/ENV value did.
    return ['build-arg-changed', { args: input.changedArgs, note: 'the step does not name them; it inherits them' }, true];
  }
  if (step.vertex && step.vertex === counterpart.vertex) {
    return ['cache-unavailable', { reason: 'the step is unchanged but its cache was not found (pruned cache, another builder, or a missing cache import)' }, true];
  }
  return ['unknown', { reason: 'the step\'s definition changed in a way the recorded evidence does not show' }, true];
}

// Pairs each step with the earlier build's step of the same text, in order,
// so an inserted or edited line does not shift every later pairing.
function align(steps: Step[], earlier: Step[]): Array<Step | undefined> {
  let next = 0;
  return steps.map((step) => {
    for (let k = next; k < earlier.length; k++) {
      if (earlier[k]?.instruction === step.instruction) {
        next = k + 1;
        return earlier[k];
      }
    }
    return undefined;
  });
}

function miss(step: Step, cause: CacheMiss['cause'], details: Record<string, unknown>, root: boolean): CacheMiss {
  return { line: step.line, endLine: step.endLine, step: step.id, instruction: step.instruction, cause, details, root };
}

function groupByStage(steps: Step[]): Map<string, Step[]> {
  const groups = new Map<string, Step[]>();
  for (const step of [...steps].sort((a, b) => a.line - b.line)) {
    const key = `${step.platform ?? ''}\u0000${step.stage.toLowerCase()}`;
    groups.set(key, [...(groups.get(key) ?? []), step]);
  }
  return groups;
}

function lastMissOfStage(steps: Step[], stage: string, missed: Set<string>): Step | undefined {
  return steps.filter((s) => s.stage.toLowerCase() === stage && missed.has(s.id)).sort((a, b) => b.line - a.line)[0];
}

function limitLists(changes: ContextChanges): ContextChanges & { more?: number } {
  const cap = 20;
  const total = changes.added.length + changes.removed.length + changes.modified.length;
  const limited = { added: changes.added.slice(0, cap), removed: changes.removed.slice(0, cap), modified: changes.modified.slice(0, cap) };
  const shown = limited.added.length + limited.removed.length + limited.modified.length;
  return shown < total ? { ...limited, more: total - shown } : limited;
}
