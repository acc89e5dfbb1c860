import { Listr, ListrLogger, PRESET_TIMER, ProcessOutput, type ListrTaskWrapper, type DefaultRenderer, type SimpleRenderer } from 'listr2';
import type { VertexState } from '../collect/progress.js';
import type { Redactor } from '../core/redact.js';
import { buildSteps, stepInstruction, type DfInstruction, type DfStage } from '../dockerfile/model.js';
import { parseVertexName } from '../assemble/vertex-name.js';
import { bytes, duration, oneLine } from '../core/format.js';

// The live view of a build on a terminal: a listr2 task per stage, titled with
// its progress, showing the running step with its Dockerfile line and elapsed
// time. Instruction text comes from the Dockerfile, never from vertex names
// (which carry interpolated build-arg values).

type StageTask = ListrTaskWrapper<unknown, typeof DefaultRenderer, typeof SimpleRenderer>;

interface StageState {
  name: string;
  /** The stage's build steps, FROM first: index k-1 is "[stage k/n]". */
  steps: DfInstruction[];
  count: number;
  /** What the stream said, by step index k of "[stage k/n]". */
  vertexes: Map<number, VertexState>;
  task?: StageTask;
  settle?: (error?: Error) => void;
  settled: boolean;
}

/** A running live view. */
export interface LiveView {
  /** Reflects changed vertices. */
  update(vertexes: Iterable<VertexState>): void;
  /** Ends the view; stages still open are marked as not finished. */
  finish(): Promise<void>;
}

/** Starts a live view on `out` for a Dockerfile's stages. */
export function startLiveView(scanned: DfStage[], out: NodeJS.WriteStream, redact: Redactor): LiveView {
  const stages = new Map<string, StageState>();
  const context = { bytes: 0, task: undefined as StageTask | undefined };
  for (const stage of scanned) {
    const steps = buildSteps(stage);
    stages.set(stage.name, { name: stage.name, steps, count: steps.length, vertexes: new Map(), settled: false });
  }

  const stageTask = (state: StageState) => ({
    title: state.name,
    task: (_ctx: unknown, task: StageTask) =>
      new Promise<void>((resolve, reject) => {
        state.task = task;
        state.settle = (error) => {
          state.settled = true;
          if (error) reject(error);
          else resolve();
        };
        refresh(state);
      }),
  });
  const list = new Listr<unknown, 'default', 'simple'>(
    [
      {
        title: 'build context',
        task: (_ctx, task) =>
          new Promise<void>((resolve) => {
            context.task = task;
            contextDone = resolve;
          }),
      },
      ...[...stages.values()].map(stageTask),
    ],
    {
      concurrent: true,
      exitOnError: false,
      registerSignalListeners: false,
      // Everything on `out` (stderr): stdout stays buildx's (an image ID with -q).
      rendererOptions: { collapseSubtasks: false, timer: PRESET_TIMER, logger: new ListrLogger({ useIcons: true, processOutput: new ProcessOutput(out, out) }) },
      fallbackRendererOptions: { timer: PRESET_TIMER, logger: new ListrLogger({ useIcons: false, processOutput: new ProcessOutput(out, out) }) },
    },
  );
  let contextDone: (() => void) | undefined;
  const running = list.run().catch(() => undefined);
  const ticker = setInterval(() => {
    for (const state of stages.values()) if (!state.settled) refresh(state);
  }, 500);

  function refresh(state: StageState): void {
    const task = state.task;
    if (!task) return;
    const done = [...state.vertexes.values()].filter((v) => v.completed).length;
    const cached = [...state.vertexes.values()].filter((v) => v.cached).length;
    const total = Math.max(state.count, state.vertexes.size);
    task.title = `${state.name}  ${done}/${total} steps${cached ? `, ${cached} cached` : ''}`;
    const runningStep = [...state.vertexes.entries()].find(([, v]) => v.started && !v.completed);
    if (runningStep) {
      const [index, vertex] = runningStep;
      const instruction = stepInstruction(state.steps, index);
      const text = instruction ? `line ${instruction.line}  ${oneLine(instruction.text.trim(), 70)}` : redact(vertex.name);
      task.output = `${text}  (${duration(Date.now() - (vertex.started?.getTime() ?? Date.now()))})`;
    }
    const failed = [...state.vertexes.entries()].find(([, v]) => v.error && !/cancel/i.test(v.error));
    if (failed && !state.settled) {
      const instruction = stepInstruction(state.steps, failed[0]);
      state.settle?.(new Error(`${instruction ? `line ${instruction.line}: ` : ''}${redact(failed[1].error ?? 'failed')}`));
    } else if (total > 0 && done >= total && !state.settled) {
      state.settle?.();
    }
  }

  return {
    update(vertexes) {
      for (const vertex of vertexes) {
        const parsed = parseVertexName(vertex.name);
        if (parsed.kind === 'internal') {
          if (parsed.category === 'context' && context.task) {
            context.bytes = Math.max(context.bytes, vertex.transferredBytes ?? 0);
            context.task.title = `build context  ${bytes(context.bytes)}`;
            if (vertex.completed) contextDone?.();
          }
          continue;
        }
        let state = stages.get(parsed.stage.toLowerCase());
        if (!state) {
          // A stage the scan did not know (e.g. a platform-prefixed duplicate): show nothing new mid-run.
          continue;
        }
        state.count = Math.max(state.count, parsed.count);
        state.vertexes.set(parsed.index, vertex);
        refresh(state);
      }
    },
    async finish() {
      clearInterval(ticker);
      contextDone?.();
      for (const state of stages.values()) {
        if (state.settled) continue;
        if (state.vertexes.size === 0) state.task?.skip(`${state.name}: not built`);
        state.settle?.();
      }
      await running;
    },
  };
}
