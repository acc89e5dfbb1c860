import type { InternalStep, Report, Step } from '../../model/report.js';
import { duration, lines, oneLine } from '../../core/format.js';
import { attrs, esc } from './escape.js';
import { epoch, isCritical, pct, stepTimes } from './lookup.js';

// The waterfall: one row per step, grouped by stage, each bar placed from the
// step's start to its end on one time axis shared by the whole build, so
// parallel stages and the critical path read at a glance. BuildKit's own work
// (sending the context, resolving base images, exporting) gets rows too: it
// takes wall time no Dockerfile line accounts for.

interface Axis {
  t0: number;
  span: number;
}

// BuildKit's own steps worth a row: the kinds users wait on, and any other that took a second.
function internalRows(report: Report): Array<{ step: InternalStep; times: { start: number; end: number } }> {
  const rows: Array<{ step: InternalStep; times: { start: number; end: number } }> = [];
  for (const step of report.internalSteps ?? []) {
    const start = epoch(step.startedAt);
    const end = epoch(step.completedAt);
    if (start === undefined || end === undefined || (step.kind === 'other' && step.durationMs < 1000)) continue;
    rows.push({ step, times: { start, end: Math.max(start, end) } });
  }
  return rows.sort((a, b) => a.times.start - b.times.start);
}

function axisOf(report: Report): Axis | undefined {
  const spans = [...report.steps.map(stepTimes), ...internalRows(report).map((r) => r.times)].filter((t) => t !== undefined);
  const starts = spans.map((t) => t.start);
  const ends = spans.map((t) => t.end);
  if (starts.length === 0) return undefined;
  const buildStart = epoch(report.build.startedAt);
  const buildEnd = epoch(report.build.completedAt) ?? (buildStart !== undefined ? buildStart + report.build.durationMs : undefined);
  // The build's own start and end frame the axis, so time spent outside
  // the rows (waiting on the daemon, writing the history) shows as empty track.
  const t0 = Math.min(...starts, ...(buildStart !== undefined ? [buildStart] : []));
  const t1 = Math.max(...ends, ...(buildEnd !== undefined ? [buildEnd] : []));
  return { t0, span: Math.max(1, t1 - t0) };
}

// A round tick interval (1, 2 or 5 times a power of ten) giving 4-8 ticks.
function tickStep(span: number): number {
  const rough = span / 6;
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, 1)));
  for (const factor of [1, 2, 5, 10]) if (power * factor >= rough) return power * factor;
  return power * 10;
}

function renderAxis(axis: Axis, step: number): string {
  const ticks: string[] = [];
  for (let t = 0; t <= axis.span; t += step) {
    ticks.push(`<span class="tl-tick" style="left:${pct(t, axis.span)}">${esc(t === 0 ? '0' : duration(t))}</span>`);
  }
  return `<div class="tl-axis" aria-hidden="true"><div></div><div class="tl-ticks">${ticks.join('')}</div></div>`;
}

function stepLabel(report: Report, step: Step): string {
  const platform = report.build.platforms.length > 1 && step.platform ? ` <span class="muted">[${esc(step.platform)}]</span>` : '';
  return (
    `<a class="tl-label" href="#L${step.line}"><span class="ln">${esc(lines(step.line, step.endLine))}</span> ` +
    `<code>${esc(oneLine(step.instruction, 70))}</code>${platform}</a>`
  );
}

function stepState(step: Step): string {
  if (step.error !== undefined) return 'failed';
  // Stopped by BuildKit when another step failed: not a failure of its own.
  if (step.canceled) return 'canceled';
  return step.cached ? 'cached' : 'ran';
}

function renderStep(report: Report, step: Step, axis: Axis): string {
  const times = stepTimes(step);
  const critical = isCritical(report, step);
  const state = stepState(step);
  const tooltip =
    `${lines(step.line, step.endLine)} ${oneLine(step.instruction, 120)}\n${duration(step.durationMs)} · ` +
    `${state}${critical ? ' · critical path' : ''}`;
  if (!times) {
    return (
      `<div class="tl-row ` +
      `untimed"${attrs({ 'data-testid': 'timeline-untimed', 'data-line': step.line, title: tooltip })}>${stepLabel(report, step)}<div ` +
      `class="tl-track"><span class="tl-none">no timing recorded</span></div></div>`
    );
  }
  const start = times.start - axis.t0;
  const end = times.end - axis.t0;
  // The duration sits after the bar, or before it when the bar reaches the right edge.
  const late = end / axis.span > 0.8;
  const durPos = late ? `right:calc(${pct(axis.span - start, axis.span)} + 6px)` : `left:calc(${pct(end, axis.span)} + 6px)`;
  const rowAttrs = attrs({
    class: `tl-row ${state}${critical ? ' critical' : ''}`,
    'data-testid': 'timeline-bar',
    'data-line': step.line,
    'data-cached': String(step.cached),
    'data-state': state,
    'data-critical': String(critical),
    title: tooltip,
  });
  return (
    `<div${rowAttrs}>${stepLabel(report, step)}<div class="tl-track">` +
    `<span class="tl-bar" style="left:${pct(start, axis.span)};width:${pct(end - start, axis.span)}"></span>` +
    `<span class="tl-dur" style="${durPos}">${esc(duration(step.durationMs))}${step.cached ? ' · cached' : ''}</span></div></div>`
  );
}

const INTERNAL_LABEL: Record<InternalStep['kind'], string> = {
  context: 'context',
  metadata: 'base image',
  export: 'export',
  other: 'BuildKit',
};

function renderInternal(row: { step: InternalStep; times: { start: number; end: number } }, axis: Axis): string {
  const { step, times } = row;
  const start = times.start - axis.t0;
  const end = times.end - axis.t0;
  const late = end / axis.span > 0.8;
  const durPos = late ? `right:calc(${pct(axis.span - start, axis.span)} + 6px)` : `left:calc(${pct(end, axis.span)} + 6px)`;
  const rowAttrs = attrs({
    class: `tl-row internal${step.cached ? ' cached' : ' ran'}`,
    'data-testid': 'timeline-internal',
    'data-kind': step.kind,
    title: `${step.name}\n${duration(step.durationMs)}`,
  });
  return (
    `<div${rowAttrs}><span class="tl-label"><span class="ln">${esc(INTERNAL_LABEL[step.kind])}</span> ` +
    `<code>${esc(oneLine(step.name, 70))}</code></span><div class="tl-track">` +
    `<span class="tl-bar" style="left:${pct(start, axis.span)};width:${pct(end - start, axis.span)}"></span>` +
    `<span class="tl-dur" style="${durPos}">${esc(duration(step.durationMs))}${step.cached ? ' · cached' : ''}</span></div></div>`
  );
}

function renderStageHeader(report: Report, name: string, steps: Step[], axis: Axis): string {
  const stage = report.stages.find((s) => s.name === name);
  const summary = stage ? `${duration(stage.durationMs)} · ${stage.cachedSteps}/${stage.steps} cached` : `${steps.length} steps`;
  const spans = steps.map(stepTimes).filter((t): t is { start: number; end: number } => t !== undefined);
  const extent =
    spans.length > 0
      ? `<span class="tl-extent" style="left:${pct(Math.min(...spans.map((s) => s.start)) - axis.t0, axis.span)};width:${pct(Math.max(...spans.map((s) => s.end)) - Math.min(...spans.map((s) => s.start)), axis.span)}"></span>`
      : '';
  return (
    `<div class="tl-stage"><div class="tl-stage-name">stage <b>${esc(name)}</b> <span ` +
    `class="muted">${esc(summary)}</span></div><div class="tl-track">${extent}</div></div>`
  );
}

// Stage order as the report lists stages; steps of a stage it does not list come last.
function stageGroups(report: Report): Array<[string, Step[]]> {
  const order = [...report.stages].sort((a, b) => a.index - b.index).map((s) => s.name);
  for (const step of report.steps) if (!order.includes(step.stage)) order.push(step.stage);
  return order
    .map((name): [string, Step[]] => [
      name,
      report.steps.filter((s) => s.stage === name).sort((a, b) => a.line - b.line || (a.platform ?? '').localeCompare(b.platform ?? '')),
    ])
    .filter(([, steps]) => steps.length > 0);
}

const LEGEND =
  '<div class="legend"><span><i class="sw ran"></i>ran</span><span><i class="sw cached"></i>cached</span>' +
  '<span><i class="sw critical"></i>critical path</span><span><i class="sw failed"></i>failed</span><span><i class="sw ' +
  'canceled"></i>canceled</span></div>';

/** The timeline section. */
export function renderTimeline(report: Report): string {
  const axis = axisOf(report);
  const head = `<h2>Timeline</h2>${LEGEND}`;
  if (!axis) {
    const rows = report.steps.map((s) => renderStep(report, s, { t0: 0, span: 1 })).join('');
    return (
      `<section class="card" id="timeline" data-testid="timeline">${head}<p class="muted">BuildKit recorded no step times for ` +
      `this build.</p>${rows}</section>`
    );
  }
  const step = tickStep(axis.span);
  const internal = internalRows(report);
  const buildkit =
    internal.length > 0
      ? `<div class="tl-stage"><div class="tl-stage-name">BuildKit's own steps</div><div ` +
        `class="tl-track"></div></div>${internal.map((r) => renderInternal(r, axis)).join('')}`
      : '';
  const body =
    stageGroups(report)
      .map(([name, steps]) => renderStageHeader(report, name, steps, axis) + steps.map((s) => renderStep(report, s, axis)).join(''))
      .join('') + buildkit;
  return (
    `<section class="card" id="timeline" data-testid="timeline" ` +
    `style="--tick:${pct(step, axis.span)}">${head}${renderAxis(axis, step)}<div class="tl-body">${body}</div></section>`
  );
}
