import { Listr, ListrLogger, ProcessOutput, type ListrTaskWrapper, type DefaultRenderer, type SimpleRenderer } from 'listr2';
import type { VertexState } from '../collect/progress.js';
import type { Redactor } from '../core/redact.js';
import type { DfStage } from '../dockerfile/model.js';
import { parseVertexName } from '../assemble/vertex-name.js';
import { LiveContext, LiveStage, type BuildOutcome } from './live-stages.js';

// The live view of a build on a terminal: a listr2 task per stage, titled with
// its progress, showing the running step with its Dockerfile line, elapsed
// time and last output line. Instruction text comes from the Dockerfile, never
// from vertex names (which carry interpolated build-arg values); output lines
// pass through the redactor. Times are BuildKit's (listr2's own timer would
// count from when the view started, not from when the work did), and the view
// ends as the build did: a stage left unfinished says canceled, never done.

type Task = ListrTaskWrapper<unknown, typeof DefaultRenderer, typeof SimpleRenderer>;

interface TaskSlot {
  task?: Task;
  /** What the task's output shows now. */
  shown?: string;
  settle?: () => void;
  fail?: (error: Error) => void;
  settled: boolean;
}

/** A running live view. */
export interface LiveView {
  /** Reflects changed vertices. */
  update(vertexes: Iterable<VertexState>): void;
  /** Ends the view as the build ended. */
  finish(outcome: BuildOutcome): Promise<void>;
}

// Columns listr2 takes from a task's output lines: its indent, the output
// mark and, from the second line on, two more spaces.
const OUTPUT_INDENT = 8;

/** Starts a live view on `out` for a Dockerfile's stages. */
export function startLiveView(scanned: DfStage[], out: NodeJS.WriteStream, redact: Redactor): LiveView {
  const stages = new Map<string, { stage: LiveStage; slot: TaskSlot }>();
  for (const stage of scanned) stages.set(stage.name, { stage: new LiveStage(stage), slot: { settled: false } });
  const context = { slot: { settled: false } as TaskSlot, state: new LiveContext() };
  const width = () => Math.max(20, (out.columns ?? 80) - OUTPUT_INDENT);

  const taskOf = (title: string, slot: TaskSlot, onStart: () => void) => ({
    title,
    task: (_ctx: unknown, task: Task) =>
      new Promise<void>((resolve, reject) => {
        slot.task = task;
        slot.settle = () => {
          slot.settled = true;
          resolve();
        };
        slot.fail = (error) => {
          slot.settled = true;
          reject(error);
        };
        onStart();
      }),
  });
  const list = new Listr<unknown, 'default', 'simple'>(
    [
      taskOf('build context', context.slot, () => refreshContext()),
      ...[...stages.values()].map((s) => taskOf(s.stage.name, s.slot, () => refresh(s))),
    ],
    {
      concurrent: true,
      exitOnError: false,
      registerSignalListeners: false,
      // Everything on `out` (stderr): stdout stays buildx's (an image ID with -q).
      rendererOptions: { collapseSubtasks: false, logger: new ListrLogger({ useIcons: true, processOutput: new ProcessOutput(out, out) }) },
      fallbackRendererOptions: { logger: new ListrLogger({ useIcons: false, processOutput: new ProcessOutput(out, out) }) },
    },
  );
  const running = list.run().catch(() => undefined);
  const ticker = setInterval(() => {
    for (const entry of stages.values()) if (!entry.slot.settled) refresh(entry);
  }, 500);

  function refresh({ stage, slot }: { stage: LiveStage; slot: TaskSlot }): void {
    const task = slot.task;
    if (!task || slot.settled) return;
    const now = Date.now();
    task.title = stage.title(now);
    // Nothing running: the output goes blank (listr2 draws no empty line).
    const output = stage.output(now, width(), redact) ?? '';
    if (output !== slot.shown) task.output = slot.shown = output;
    const failure = stage.failure(redact);
    if (failure) slot.fail?.(new Error(failure));
    else if (stage.complete()) {
      task.title = stage.title(now, true);
      slot.settle?.();
    }
  }

  function refreshContext(): void {
    const task = context.slot.task;
    if (!task || !context.state.started) return;
    // BuildKit reports the context vertex done once it has computed its cache
    // key, then again after the transfer: the title follows it after the tick.
    task.title = context.state.title();
    if (context.slot.settled) return;
    const failure = context.state.failure(redact);
    if (failure) context.slot.fail?.(new Error(failure));
    else if (context.state.loaded()) context.slot.settle?.();
  }

  return {
    update(vertexes) {
      for (const vertex of vertexes) {
        const parsed = parseVertexName(vertex.name);
        if (parsed.kind === 'internal') {
          if (parsed.category === 'context') {
            context.state.update(vertex);
            refreshContext();
          }
          continue;
        }
        // A stage the scan did not know (e.g. a platform-prefixed duplicate): show nothing new mid-run.
        const entry = stages.get(parsed.stage.toLowerCase());
        if (!entry) continue;
        entry.stage.update(vertex, parsed.index, parsed.count);
        refresh(entry);
      }
    },
    async finish(outcome) {
      clearInterval(ticker);
      endContext(outcome);
      const now = Date.now();
      for (const { stage, slot } of stages.values()) {
        if (slot.settled || !slot.task) continue;
        const end = stage.end(outcome, now, redact);
        if (end.state === 'failed') {
          slot.fail?.(new Error(end.message));
          continue;
        }
        slot.task.title = end.title;
        if (end.state !== 'done') slot.task.skip(end.title);
        slot.settle?.();
      }
      await running;
    },
  };

  function endContext(outcome: BuildOutcome): void {
    const { task, settled } = context.slot;
    if (settled || !task) return;
    const end = context.state.end(outcome, redact);
    if (end.state === 'failed') return context.slot.fail?.(new Error(end.message));
    task.title = end.title;
    if (end.state === 'skipped') task.skip(end.title);
    context.slot.settle?.();
  }
}
