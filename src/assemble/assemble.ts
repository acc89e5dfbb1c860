import type { HistoryRecord } from '../buildkit/types.js';
import type { ErrorFacts } from '../collect/error-details.js';
import type { VertexState } from '../collect/progress.js';
import type { LineRange, ProvenanceFacts } from '../collect/provenance.js';
import type { BuildError, InternalStep, Note, Report, Stage, Step } from '../model/report.js';
import type { Redactor } from '../core/redact.js';
import { buildSteps, parseDockerfile, stepInstruction, type DfStage, type DockerfileModel } from '../dockerfile/model.js';
import { redactDockerfile } from '../dockerfile/redact-instruction.js';
import { parseVertexName } from './vertex-name.js';
import { busyMs } from './busy-time.js';
import { criticalPath } from './critical-path.js';
import { isCountedInstruction, ranInBuild } from './step-count.js';
import { isCanceledError } from '../collect/canceled.js';
import { markBuilderStages } from './final-image.js';

// Assembles the report model from what BuildKit recorded: the folded progress
// stream, the history record, the provenance (or, for failed builds, the
// error's source details). The same function serves live builds and reports
// of past builds, so the two agree by construction.

/** Everything assembly needs; all of it plain data. */
export interface AssembleInput {
  builder: { name: string; driver: string; node?: string };
  ref: string;
  dockerfilePath: string;
  target?: string;
  platforms: string[];
  /** The nodes whose records make up the build, when several. */
  nodes?: Array<{ name: string; platforms: string[] }>;
  exitCode: number;
  canceled?: boolean;
  record?: HistoryRecord;
  vertexes: Map<string, VertexState>;
  provenance?: ProvenanceFacts;
  errorFacts?: ErrorFacts;
  /** The Dockerfile as read from disk, when neither provenance nor error details carry it. */
  dockerfileText?: string;
  redact: Redactor;
  toolVersion: string;
  startedAt?: Date;
  completedAt?: Date;
  notes?: Note[];
  /** Steps known without a progress stream (an image's layers tied to lines); each is its own LLB step id. */
  steps?: Step[];
}

/** The assembled report plus the links later stages need (step → vertex, step → LLB id). */
export interface AssembledBuild {
  report: Report;
  dockerfileText?: string;
  /** The Dockerfile parsed once, for every later stage (layers, rules). */
  dockerfile?: DockerfileModel;
  /** Report step id → provenance step id (for layers). */
  llbStepOf: Map<string, string>;
}

/** Builds the report model (without image, findings and cache misses, which later stages add). */
export function assembleBuild(input: AssembleInput): AssembledBuild {
  const text = input.provenance?.dockerfile?.text ?? input.errorFacts?.dockerfile?.text ?? input.dockerfileText;
  const lines = text?.split(/\r?\n/) ?? [];
  const model = text !== undefined ? parseDockerfile(text) : undefined;
  const stages = model?.stages ?? [];
  const notes: Note[] = [...(input.notes ?? [])];
  const steps: Step[] = [...(input.steps ?? [])];
  const internalSteps: InternalStep[] = [];
  const llbStepOf = new Map<string, string>(steps.map((s) => [s.id, s.id]));
  const stepOfVertex = new Map<string, string>();
  let unmapped = 0;

  const ordered = [...input.vertexes.values()].sort((a, b) => (a.started?.getTime() ?? Infinity) - (b.started?.getTime() ?? Infinity));
  for (const v of ordered) {
    const parsed = parseVertexName(v.name);
    const durationMs = v.started && v.completed ? Math.max(0, v.completed.getTime() - v.started.getTime()) : 0;
    if (parsed.kind === 'internal') {
      const internal: InternalStep = { kind: parsed.category, name: input.redact(v.name), cached: v.cached, durationMs };
      if (v.transferredBytes !== undefined) internal.bytes = v.transferredBytes;
      // Exporting, sending the context and resolving bases take wall time too: the timeline places them.
      if (v.started) internal.startedAt = v.started.toISOString();
      if (v.completed) internal.completedAt = v.completed.toISOString();
      internalSteps.push(internal);
      continue;
    }
    // Vertices of a failed build that never ran are not steps of this build.
    if (!ranInBuild(v)) continue;
    const llbStep = input.provenance?.digestToStep.get(v.digest);
    const stage = stages.find((s) => s.name === parsed.stage.toLowerCase());
    const range =
      pickRange(llbStep ? input.provenance?.stepLocations.get(llbStep) : undefined, stage, stages) ??
      rangeFromStage(stage, parsed.index) ??
      (input.errorFacts?.vertex === v.digest && input.errorFacts.line
        ? { line: input.errorFacts.line, endLine: input.errorFacts.endLine ?? input.errorFacts.line }
        : undefined);
    if (!range) {
      unmapped++;
      continue;
    }
    const id = `${parsed.platform ? `${parsed.platform}:` : ''}${llbStep ?? `vertex-${v.digest.slice(7, 19)}`}`;
    const step: Step = {
      id,
      stage: parsed.stage,
      instruction: instructionText(lines, range) ?? input.redact(parsed.rest),
      line: range.line,
      endLine: range.endLine,
      cached: v.cached,
      durationMs: v.cached ? 0 : durationMs,
      vertex: v.digest,
    };
    if (parsed.platform) step.platform = parsed.platform;
    // "FROM docker.io/x:1@sha256:..." names the digest the base resolved to.
    const baseDigest = /^FROM\s.*@(sha256:[0-9a-f]{64})/.exec(parsed.rest)?.[1];
    if (baseDigest) step.baseImage = baseDigest;
    if (v.started) step.startedAt = v.started.toISOString();
    if (v.completed) step.completedAt = v.completed.toISOString();
    // A step canceled because another failed is marked so, never given an error of its own.
    if (v.error && isCanceledError(v.error)) step.canceled = true;
    else if (v.error) step.error = input.redact(v.error);
    steps.push(step);
    stepOfVertex.set(v.digest, id);
    if (llbStep) llbStepOf.set(id, llbStep);
  }
  if (unmapped > 0) notes.push({ topic: 'lines', message: `${unmapped} step(s) could not be tied to Dockerfile lines` });

  steps.sort((a, b) => a.line - b.line || (a.platform ?? '').localeCompare(b.platform ?? ''));
  markBuilderStages(steps, model, input.target);
  const chain = criticalPath(input.vertexes, (d) => stepOfVertex.has(d));
  for (const digest of chain) {
    const step = steps.find((s) => s.vertex === digest);
    if (step) step.criticalPath = true;
  }

  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'buildlens', version: input.toolVersion },
    build: buildInfo(input, steps, internalSteps, lines),
    cache: cacheTotals(steps),
    stages: stageSummaries(steps, stages),
    steps,
    internalSteps,
    criticalPath: chain.map((d) => stepOfVertex.get(d)).filter((s): s is string => s !== undefined),
    findings: [],
    notes,
  };
  // The whole file, so every view can show lines that ran no step (comments, ARG, ENV) as written.
  if (model) report.dockerfileLines = redactDockerfile(model);
  const assembled: AssembledBuild = { report, llbStepOf };
  if (text !== undefined) assembled.dockerfileText = text;
  if (model) assembled.dockerfile = model;
  return assembled;
}

function pickRange(ranges: LineRange[] | undefined, stage: DfStage | undefined, stages: DfStage[]): LineRange | undefined {
  if (!ranges || ranges.length === 0) return undefined;
  if (!stage) return ranges[0];
  // One LLB op shared by several stages (a common FROM, a deduplicated
  // WORKDIR) maps to a range in each: take the one inside the vertex's stage.
  const next = stages.find((s) => s.index === stage.index + 1);
  const inside = ranges.find((r) => r.line >= stage.fromLine && (next === undefined || r.line < next.fromLine));
  return inside ?? ranges[0];
}

function rangeFromStage(stage: DfStage | undefined, index: number): LineRange | undefined {
  const instruction = stage ? stepInstruction(buildSteps(stage), index) : undefined;
  return instruction ? { line: instruction.line, endLine: instruction.endLine } : undefined;
}

function instructionText(lines: string[], range: LineRange): string | undefined {
  const slice = lines.slice(range.line - 1, range.endLine);
  if (slice.length === 0) return undefined;
  return slice.map((l, i) => (i === 0 ? l.trim() : l.trimEnd())).join('\n');
}

// Cache totals and stage lines count steps as the live view and `history` do (step-count.ts).
function cacheable(step: Step): boolean {
  return isCountedInstruction(step.instruction);
}

function cacheTotals(steps: Step[]): Report['cache'] {
  const counted = steps.filter(cacheable);
  const cached = counted.filter((s) => s.cached).length;
  return { steps: counted.length, cached, ratio: counted.length === 0 ? 1 : cached / counted.length };
}

function stageSummaries(steps: Step[], scanned: DfStage[]): Stage[] {
  const byStage = new Map<string, Step[]>();
  for (const step of steps) {
    const key = `${step.platform ?? ''}\u0000${step.stage}`;
    byStage.set(key, [...(byStage.get(key) ?? []), step]);
  }
  const stages: Stage[] = [];
  for (const group of byStage.values()) {
    const first = group[0];
    if (!first) continue;
    const scannedStage = scanned.find((s) => s.name === first.stage.toLowerCase());
    const stage: Stage = {
      name: first.stage,
      index: scannedStage?.index ?? stages.length,
      durationMs: stageBusyMs(group),
      cachedSteps: group.filter((s) => cacheable(s) && s.cached).length,
      steps: group.filter(cacheable).length,
    };
    if (first.platform) stage.platform = first.platform;
    stages.push(stage);
  }
  return stages.sort((a, b) => a.index - b.index || (a.platform ?? '').localeCompare(b.platform ?? ''));
}

// The time the stage's own steps ran (cached ones count nothing, as in their
// durations), never the time it waited for a stage it copies from.
function stageBusyMs(steps: Step[]): number {
  const ran = steps.filter((s) => !s.cached && s.startedAt !== undefined && s.completedAt !== undefined);
  return busyMs(ran.map((s) => ({ start: Date.parse(s.startedAt ?? ''), end: Date.parse(s.completedAt ?? '') })));
}

function buildInfo(input: AssembleInput, steps: Step[], internal: InternalStep[], lines: string[]): Report['build'] {
  const startedAt = input.record?.createdAt ?? input.startedAt ?? new Date();
  const completedAt = input.record?.completedAt ?? input.completedAt;
  const failed = input.exitCode !== 0 || input.record?.error !== undefined;
  const build: Report['build'] = {
    ref: input.ref,
    builder: input.builder.name,
    driver: input.builder.driver,
    dockerfile: input.dockerfilePath,
    platforms: input.platforms,
    status: input.canceled ? 'canceled' : failed ? 'failed' : 'success',
    exitCode: input.exitCode,
    startedAt: startedAt.toISOString(),
    durationMs: completedAt ? Math.max(0, completedAt.getTime() - startedAt.getTime()) : 0,
  };
  if (input.builder.node) build.node = input.builder.node;
  if (input.nodes && input.nodes.length > 1) build.nodes = input.nodes;
  if (input.target) build.target = input.target;
  if (completedAt) build.completedAt = completedAt.toISOString();
  const contextBytes = internal.filter((s) => s.kind === 'context' && s.bytes !== undefined).reduce((sum, s) => sum + (s.bytes ?? 0), 0);
  if (internal.some((s) => s.kind === 'context' && s.bytes !== undefined)) build.contextBytes = contextBytes;
  if (build.status !== 'success') {
    const error = buildError(input, steps, lines);
    if (error) build.error = error;
  }
  return build;
}

function buildError(input: AssembleInput, steps: Step[], lines: string[]): BuildError | undefined {
  // The vertex the error names may be internal (loading the context): then no
  // Dockerfile line failed, and a step canceled as a result is not the cause.
  const errorVertex = input.errorFacts?.vertex;
  const internalFailure = errorVertex !== undefined && input.vertexes.has(errorVertex) && !steps.some((s) => s.vertex === errorVertex);
  const failedStep =
    steps.find((s) => s.vertex === errorVertex) ??
    (internalFailure ? undefined : steps.find((s) => s.error !== undefined)) ??
    // Interrupted: where the build was, the step that was running when BuildKit canceled it.
    (input.canceled ? steps.find((s) => s.canceled) : undefined);
  const message = input.record?.error?.message ?? failedStep?.error ?? (input.canceled ? 'the build was canceled' : undefined);
  if (!message) return undefined;
  const vertex = failedStep?.vertex ? input.vertexes.get(failedStep.vertex) : undefined;
  const error: BuildError = { message: input.redact(message), logTail: (vertex?.logTail ?? []).slice(-20).map(input.redact) };
  const line = failedStep?.line ?? input.errorFacts?.line;
  const endLine = failedStep?.endLine ?? input.errorFacts?.endLine ?? line;
  if (line !== undefined && line <= Math.max(lines.length, line)) {
    error.line = line;
    if (endLine !== undefined) error.endLine = endLine;
  }
  if (failedStep) error.step = failedStep.id;
  return error;
}
