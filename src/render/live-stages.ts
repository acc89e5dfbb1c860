import type { VertexState } from '../collect/progress.js';
import type { Redactor } from '../core/redact.js';
import { countsAsStep, isCountedInstruction, ranInBuild, stepTotals } from '../assemble/step-count.js';
import { isCanceledError } from '../collect/canceled.js';
import { buildSteps, stepInstruction, type DfInstruction, type DfStage } from '../dockerfile/model.js';
import { bytes, duration, oneLine } from '../core/format.js';

// What the live view says about each stage, as plain data: its title, the
// running step with its last output line, and how it ended. Steps are
// counted as the report and `history` count them (assemble/step-count.ts);
// times are BuildKit's own, from the stage's first step to its last.

/** How the build ended, as the live view is told at its end. */
export type BuildOutcome = 'success' | 'failed' | 'canceled';

/** How a stage ended: finished, failed at a step, canceled while unfinished, or never started. */
export type StageEnd =
  | { state: 'done'; title: string }
  | { state: 'failed'; message: string }
  | { state: 'canceled'; title: string }
  | { state: 'not-built'; title: string };

interface SeenVertex {
  /** k of "[stage k/n]". */
  index: number;
  count: number;
  vertex: VertexState;
}

/** One stage of the live view. */
export class LiveStage {
  readonly name: string;
  private readonly steps: DfInstruction[];
  /** Steps the Dockerfile plans for the stage (FROM excluded, as in every count). */
  private readonly planned: number;
  private readonly seen = new Map<string, SeenVertex>();

  constructor(stage: DfStage) {
    this.name = stage.name;
    this.steps = buildSteps(stage);
    this.planned = this.steps.filter((i) => isCountedInstruction(i.text)).length;
  }

  /** Records a vertex named for this stage ("[stage k/n] ..."). */
  update(vertex: VertexState, index: number, count: number): void {
    this.seen.set(vertex.digest, { index, count, vertex });
  }

  /** Whether any step of the stage has started. */
  get started(): boolean {
    return [...this.seen.values()].some((s) => ranInBuild(s.vertex));
  }

  /** "name  k/n steps, c cached  1.2s"; `finished` counts what ran, not what was planned. */
  title(now: number, finished = false): string {
    const counted = [...this.seen.values()].map((s) => s.vertex).filter(countsAsStep);
    // Done: ended without error (a failed or canceled step is not done).
    const done = counted.filter((v) => v.completed && !v.error).length;
    const { cached } = stepTotals(counted);
    const total = finished ? counted.length : Math.max(this.planned, counted.length);
    const time = this.elapsed(now);
    return `${this.name}  ${done}/${total} steps${cached ? `, ${cached} cached` : ''}${time === undefined ? '' : `  ${duration(time)}`}`;
  }

  /** The running step (its Dockerfile line and time) and, under it, its last output line; undefined when none runs. */
  output(now: number, width: number, redact: Redactor): string | undefined {
    const running = [...this.seen.values()]
      .filter((s) => s.vertex.started && !s.vertex.completed)
      .sort((a, b) => (b.vertex.started?.getTime() ?? 0) - (a.vertex.started?.getTime() ?? 0))[0];
    if (!running) return undefined;
    const instruction = stepInstruction(this.steps, running.index);
    const time = `  (${duration(now - (running.vertex.started?.getTime() ?? now))})`;
    // The vertex name only when the Dockerfile has no such step (it may carry interpolated values: masked).
    const text = instruction ? `line ${instruction.line}  ${instruction.text.trim()}` : redact(running.vertex.name);
    const head = `${oneLine(text, Math.max(10, width - time.length))}${time}`;
    const last = lastOutputLine(running.vertex, redact);
    return last === undefined ? head : `${head}\n${oneLine(`> ${last}`, width)}`;
  }

  /** The stage's failure, when one of its steps failed (a canceled step did not). */
  failure(redact: Redactor): string | undefined {
    const failed = [...this.seen.values()].find((s) => s.vertex.error !== undefined && !isCanceledError(s.vertex.error));
    if (!failed) return undefined;
    const instruction = stepInstruction(this.steps, failed.index);
    return `${this.name}: ${instruction ? `line ${instruction.line}: ` : ''}${redact(failed.vertex.error ?? 'failed')}`;
  }

  /**
   * Whether the stage's last step ran and nothing of it still runs or failed (a step merged into another stage's does
   * not hold it back).
   */
  complete(): boolean {
    const seen = [...this.seen.values()];
    const ended = (s: SeenVertex) => s.vertex.completed !== undefined && s.vertex.error === undefined;
    return seen.some((s) => s.index === s.count && ended(s)) && seen.every((s) => ended(s) || !ranInBuild(s.vertex));
  }

  /** How the stage ended in a build that ended so. */
  end(outcome: BuildOutcome, now: number, redact: Redactor): StageEnd {
    const failure = this.failure(redact);
    if (failure) return { state: 'failed', message: failure };
    if (!this.started) return { state: 'not-built', title: `${this.name}  not built` };
    if (outcome === 'success' || this.complete()) return { state: 'done', title: this.title(now, true) };
    return { state: 'canceled', title: `${this.title(now)}  canceled` };
  }

  // From the stage's first step start to its last step's end (or now, while one runs).
  private elapsed(now: number): number | undefined {
    const ran = [...this.seen.values()].map((s) => s.vertex).filter((v) => v.started);
    if (ran.length === 0) return undefined;
    const start = Math.min(...ran.map((v) => v.started?.getTime() ?? now));
    const end = ran.some((v) => !v.completed) ? now : Math.max(...ran.map((v) => v.completed?.getTime() ?? now));
    return Math.max(0, end - start);
  }
}

/** The build context as the live view shows it: its size and its own transfer time, from BuildKit's vertices for it. */
export class LiveContext {
  private readonly seen = new Map<string, VertexState>();

  /** Records a context vertex ("[internal] load build context", a named context). */
  update(vertex: VertexState): void {
    this.seen.set(vertex.digest, vertex);
  }

  /** Whether any context vertex was seen. */
  get started(): boolean {
    return this.seen.size > 0;
  }

  /** Whether every context vertex ended without error. */
  loaded(): boolean {
    return this.started && [...this.seen.values()].every((v) => v.completed && !v.error);
  }

  /** "build context  12 kB  0.1s": the time from its first start to its last end, once loaded. */
  title(): string {
    const seen = [...this.seen.values()];
    const size = Math.max(0, ...seen.map((v) => v.transferredBytes ?? 0));
    const starts = seen.flatMap((v) => (v.started ? [v.started.getTime()] : []));
    const ends = seen.flatMap((v) => (v.completed ? [v.completed.getTime()] : []));
    const time =
      starts.length > 0 && ends.length === seen.length ? `  ${duration(Math.max(0, Math.max(...ends) - Math.min(...starts)))}` : '';
    return `build context  ${bytes(size)}${time}`;
  }

  /** The error of a context vertex that failed (not one canceled). */
  failure(redact: Redactor): string | undefined {
    const failed = [...this.seen.values()].find((v) => v.error && !isCanceledError(v.error));
    return failed ? `build context: ${redact(failed.error ?? 'failed')}` : undefined;
  }

  /** How the context ended in a build that ended so: loaded (its title), failed, or a skip message. */
  end(outcome: BuildOutcome, redact: Redactor): { state: 'done' | 'skipped'; title: string } | { state: 'failed'; message: string } {
    const failure = this.failure(redact);
    if (failure) return { state: 'failed', message: failure };
    if (this.loaded()) return { state: 'done', title: this.title() };
    // No context vertex at all: the build never asked for the context.
    if (!this.started) return { state: 'skipped', title: 'build context  none sent' };
    return { state: 'skipped', title: `${this.title()}  ${outcome === 'success' ? 'not finished' : 'canceled'}` };
  }
}

/** The last line a vertex printed, masked, without control characters; undefined when it printed nothing. */
export function lastOutputLine(vertex: VertexState, redact: Redactor): string | undefined {
  for (let i = vertex.logTail.length - 1; i >= 0; i--) {
    // A progress bar redraws its line with CR: what shows is the last redraw.
    const shown = (vertex.logTail[i] ?? '')
      .split('\r')
      .filter((part) => part.trim() !== '')
      .pop();
    const clean = shown
      ?.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
      .replace(/[\x00-\x1f\x7f]/g, ' ')
      .trimEnd();
    if (clean) return redact(clean);
  }
  return undefined;
}
