import type { CacheMiss, CacheMissCause, Report, Step } from '../../model/report.js';
import { contextSourcesOfText } from '../../dockerfile/instruction-args.js';
import { keywordOf, referencedVariables } from './instruction.js';

// Why each Dockerfile step of a build missed the cache, by comparison with an
// earlier comparable build. The evidence: BuildKit's vertex digest is the
// digest of the step's LLB op including its inputs, so an unchanged digest
// that missed means content (context files) or the cache itself, while a
// changed digest means the op or what it stands on changed. Nothing is
// stated as a cause that this evidence does not show; otherwise "unknown".

/** A cause with the details that back it. */
type Diagnosis = { [C in CacheMissCause]: { cause: C; details: Extract<CacheMiss, { cause: C }>['details'] } }[CacheMissCause];

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
  changedArgs?: string[] | undefined;
  /** Context file changes under the given sources; undefined when no manifests were recorded. */
  contextChanges?: (sources: string[]) => ContextChanges | undefined;
  /** Per stage built FROM an earlier stage (names lowercased): that stage's name. */
  stageParents?: Record<string, string>;
  /**
   * Whether a step and its earlier counterpart were defined alike, inputs
   * included (from the provenance; undefined when it cannot tell). Vertex
   * digests are compared when this is absent: they change on every build for
   * steps that stand on the build context.
   */
  sameDefinition?: ((step: Step, counterpart: Step) => boolean | undefined) | undefined;
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
    // A stage FROM an earlier stage stands on that stage's last step: a miss there re-runs this one.
    const parentStage = input.stageParents?.[steps[0]?.stage.toLowerCase() ?? ''];
    let parentMiss: Step | undefined = parentStage ? lastMissOfStage(current.steps, parentStage, missedIds, steps[0]?.platform) : undefined;
    const counterparts = align(steps, earlier);
    for (const [index, step] of steps.entries()) {
      const keyword = keywordOf(step.instruction);
      const counterpart = counterparts[index];
      if (keyword === 'FROM') {
        if (counterpart && step.baseImage && counterpart.baseImage && step.baseImage !== counterpart.baseImage) {
          misses.push(
            miss(step, { cause: 'base-image-changed', details: { previous: counterpart.baseImage, current: step.baseImage } }, true),
          );
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
      const upstream = fromStage ? lastMissOfStage(current.steps, fromStage, missedIds, step.platform) : undefined;
      if (input.noCache || input.noCacheFilter?.some((s) => s.toLowerCase() === step.stage.toLowerCase())) {
        misses.push({
          ...miss(
            step,
            { cause: 'cache-unavailable', details: { reason: input.noCache ? '--no-cache' : `--no-cache-filter ${step.stage}` } },
            !parentMiss,
          ),
          ...cost,
        });
      } else if (!counterpart) {
        const replaced = earlier[index] && !counterparts.includes(earlier[index]) ? earlier[index].instruction : null;
        misses.push(miss(step, { cause: 'instruction-changed', details: { previous: replaced, current: step.instruction } }, true));
      } else if (parentMiss || upstream) {
        const parent = parentMiss ?? upstream;
        misses.push({
          ...miss(
            step,
            { cause: 'parent-missed', details: parent ? { parentLine: parent.line, parentInstruction: parent.instruction } : {} },
            false,
          ),
          ...cost,
        });
      } else {
        misses.push({ ...miss(step, directCause(step, counterpart, input), true), ...cost });
      }
      parentMiss = step;
    }
  }
  return misses.sort((a, b) => a.line - b.line);
}

// Whether the step's op and inputs are unchanged: by definition when known, else by vertex digest.
function sameOp(step: Step, counterpart: Step, input: DiagnosisInput): boolean {
  return input.sameDefinition?.(step, counterpart) ?? (step.vertex !== undefined && step.vertex === counterpart.vertex);
}

// The cause of a miss whose instruction and parents are unchanged.
function directCause(step: Step, counterpart: Step, input: DiagnosisInput): Diagnosis {
  const sources = contextSourcesOfText(step.instruction);
  const unchangedOp = sameOp(step, counterpart, input);
  if (sources.length > 0) {
    const changes = input.contextChanges?.(sources);
    if (changes && changes.added.length + changes.removed.length + changes.modified.length > 0) {
      return { cause: 'context-files-changed', details: { sources, ...limitLists(changes) } };
    }
    if (unchangedOp && !changes) {
      // Same op and inputs; only the copied content can differ, and no manifest says which files.
      return { cause: 'context-files-changed', details: { sources, files: 'not recorded for both builds' } };
    }
  }
  const used = referencedVariables(step.instruction);
  const changedArgs = input.changedArgs?.filter((name) => used.includes(name)) ?? [];
  if (changedArgs.length > 0) return { cause: 'build-arg-changed', details: { args: changedArgs } };
  // Only a RUN inherits ARG values (as its environment). A COPY's op changes on
  // every build anyway: its context source carries per-build attributes.
  if (
    keywordOf(step.instruction) === 'RUN' &&
    step.vertex &&
    counterpart.vertex &&
    !unchangedOp &&
    input.changedArgs &&
    input.changedArgs.length > 0
  ) {
    // The op changed without its text changing: an inherited ARG/ENV value did.
    return { cause: 'build-arg-changed', details: { args: input.changedArgs, note: 'the step does not name them; it inherits them' } };
  }
  if (unchangedOp) {
    return {
      cause: 'cache-unavailable',
      details: { reason: 'the step is unchanged but its cache was not found (pruned cache, another builder, or a missing cache import)' },
    };
  }
  return { cause: 'unknown', details: { reason: "the step's definition changed in a way the recorded evidence does not show" } };
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

function miss(step: Step, diagnosis: Diagnosis, root: boolean): CacheMiss {
  return { line: step.line, endLine: step.endLine, step: step.id, instruction: step.instruction, ...diagnosis, root };
}

function groupByStage(steps: Step[]): Map<string, Step[]> {
  const groups = new Map<string, Step[]>();
  for (const step of [...steps].sort((a, b) => a.line - b.line)) {
    const key = `${step.platform ?? ''}\u0000${step.stage.toLowerCase()}`;
    groups.set(key, [...(groups.get(key) ?? []), step]);
  }
  return groups;
}

// The last step of `stage` (on the same platform) that missed, if any did.
function lastMissOfStage(steps: Step[], stage: string, missed: Set<string>, platform: string | undefined): Step | undefined {
  return steps
    .filter((s) => s.stage.toLowerCase() === stage && s.platform === platform && missed.has(s.id))
    .sort((a, b) => b.line - a.line)[0];
}

function limitLists(changes: ContextChanges): ContextChanges & { more?: number } {
  const cap = 20;
  const total = changes.added.length + changes.removed.length + changes.modified.length;
  const limited = { added: changes.added.slice(0, cap), removed: changes.removed.slice(0, cap), modified: changes.modified.slice(0, cap) };
  const shown = limited.added.length + limited.removed.length + limited.modified.length;
  return shown < total ? { ...limited, more: total - shown } : limited;
}
