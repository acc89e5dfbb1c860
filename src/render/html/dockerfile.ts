import type { Report, Step } from '../../model/report.js';
import { missReason } from '../why.js';
import { bytes, duration } from '../../core/format.js';
import { attrs, esc } from './escape.js';
import { findingsByLine, isCritical } from './lookup.js';
import { NOT_IN_FINAL_IMAGE } from '../slowest.js';

// The Dockerfile as far as the report knows it: the whole file when the
// report carries it (dockerfileLines), else the lines put back together from
// the steps, with gaps marked. Each instruction's first line carries what
// happened to it; a comment or blank line ran nothing and says nothing.

interface SourceLine {
  text: string | undefined;
  // First line of the instruction this line belongs to.
  owner: number;
  // A comment or blank line: no instruction, no step.
  comment?: boolean;
}

function place(source: Map<number, SourceLine>, line: number, endLine: number, instruction: string): void {
  if (source.has(line)) return;
  const count = Math.max(1, endLine - line + 1);
  const texts = instruction.split('\n');
  for (let i = 0; i < count; i++) {
    // Text lines beyond the recorded range stay with the range's last line.
    const text = i < count - 1 ? (texts[i] ?? '') : texts.slice(i).join('\n');
    if (!source.has(line + i)) source.set(line + i, { text, owner: line });
  }
}

// Lines the report refers to without a step there (a FROM BuildKit merged
// with an earlier one, an ARG a finding names) still get a row.
function referencedLines(report: Report): number[] {
  return [
    ...report.findings.flatMap((f) => [f.line, ...(f.relatedLines ?? [])]),
    ...(report.image?.layers.flatMap((l) => (l.line !== undefined ? [l.line] : [])) ?? []),
    ...(report.build.error?.line !== undefined ? [report.build.error.line] : []),
  ];
}

// The file's lines no step holds: comments and blanks, and instructions that
// ran no step (ARG, ENV, ...), a continued one kept together under its first line.
function placeFile(source: Map<number, SourceLine>, file: readonly string[]): void {
  const last = file.findLastIndex((text) => text.trim() !== '') + 1;
  let owner: number | undefined;
  for (let line = 1; line <= last; line++) {
    const text = file[line - 1] ?? '';
    const comment = /^\s*(#.*)?$/.test(text);
    if (!source.has(line))
      source.set(line, comment && owner === undefined ? { text, owner: line, comment: true } : { text, owner: owner ?? line });
    // A line ending in a backslash continues its instruction; a comment inside it does not end it.
    if (!comment) owner = /\\\s*$/.test(text) ? (owner ?? line) : undefined;
  }
}

function reconstruct(report: Report): Map<number, SourceLine> {
  const source = new Map<number, SourceLine>();
  for (const step of [...report.steps].sort((a, b) => a.line - b.line)) place(source, step.line, step.endLine, step.instruction);
  for (const miss of report.cacheMisses ?? [])
    if (miss.instruction !== undefined) place(source, miss.line, miss.endLine ?? miss.line, miss.instruction);
  if (report.dockerfileLines) placeFile(source, report.dockerfileLines);
  for (const line of referencedLines(report)) if (!source.has(line)) source.set(line, { text: undefined, owner: line });
  return source;
}

function statusCell(steps: Step[]): string {
  if (steps.length === 0) return '<span class="df-status muted">—</span>';
  if (steps.some((s) => s.error !== undefined)) return '<span class="df-status failed">failed</span>';
  if (steps.some((s) => s.canceled))
    return (
      '<span class="df-status canceled" title="BuildKit stopped this step when another failed or the build was interrupted; it ' +
      'did not fail">canceled</span>'
    );
  const cached = steps.filter((s) => s.cached).length;
  if (cached === steps.length) return '<span class="df-status cached">cached</span>';
  return cached === 0 ? '<span class="df-status ran">ran</span>' : '<span class="df-status ran">partly cached</span>';
}

function sizeCell(report: Report, line: number, steps: Step[]): string {
  const layers = report.image?.layers.filter((l) => l.line === line) ?? [];
  if (layers.length > 0) {
    const base = layers.every((l) => l.base) ? 'base ' : '';
    return `<span class="df-size" title="${esc(`${layers.length} layer(s) in the image, compressed`)}">${esc(base + bytes(layers.reduce((sum, l) => sum + l.size, 0)))}</span>`;
  }
  const layer = steps.find((s) => s.layer !== undefined)?.layer;
  if (layer)
    return `<span class="df-size" title="layer of this step, compressed (not in the final image)">${esc(bytes(layer.size))}</span>`;
  // A builder stage's step: only what a later stage copies from it ships.
  if (steps.length > 0 && steps.every((s) => s.inFinalImage === false))
    return (
      `<span class="df-size muted" data-testid="not-in-image" title="this stage is not one the final image is built ` +
      `from">${NOT_IN_FINAL_IMAGE}</span>`
    );
  return '<span class="df-size"></span>';
}

function badges(report: Report, line: number, byLine: ReturnType<typeof findingsByLine>): string {
  const out: string[] = [];
  const miss = report.cacheMisses?.find((m) => m.line === line);
  if (miss)
    out.push(
      `<a class="tag miss" href="#cache-misses" ` +
        `title="${esc(`${miss.cause}: ${missReason(miss)}`)}">${miss.root ? 'cache miss' : 're-ran'}</a>`,
    );
  if (report.build.error?.line === line) out.push(`<span class="tag sev-error" title="${esc(report.build.error.message)}">error</span>`);
  for (const { finding, index } of byLine.get(line) ?? []) {
    out.push(`<a class="tag sev-${finding.severity}" href="#finding-${index}" title="${esc(finding.message)}">${esc(finding.rule)}</a>`);
  }
  return `<span class="df-badges">${out.join('')}</span>`;
}

// What to say for a line the report names but holds no text for.
function unknownText(report: Report, line: number): string {
  const base = report.image?.layers.some((l) => l.line === line && l.base) ?? false;
  return base ? 'FROM … (the base image; BuildKit reported no step of its own for it)' : 'instruction text not in the report';
}

function renderLine(report: Report, line: number, entry: SourceLine, byLine: ReturnType<typeof findingsByLine>): string {
  if (entry.comment) {
    const blank =
      '<span class="df-time"></span><span class="df-status"></span><span class="df-size"></span><span class="df-badges"></span>';
    return (
      `<div${attrs({ class: 'df-line comment', id: `L${line}`, 'data-testid': 'dockerfile-line', 'data-line': line })}><a ` +
      `class="df-num" href="#L${line}">${line}</a><code class="df-code">${esc(entry.text ?? '')}</code>${blank}</div>`
    );
  }
  const first = entry.owner === line;
  const steps = report.steps.filter((s) => s.line === entry.owner);
  const state =
    steps.length === 0
      ? 'none'
      : steps.some((s) => s.error !== undefined)
        ? 'failed'
        : steps.some((s) => s.canceled)
          ? 'canceled'
          : steps.every((s) => s.cached)
            ? 'cached'
            : 'ran';
  const text = entry.text === undefined ? `<span class="muted">${esc(unknownText(report, line))}</span>` : esc(entry.text);
  const time = steps.length > 0 ? esc(duration(Math.max(...steps.map((s) => s.durationMs)))) : '';
  const critical = steps.some((s) => isCritical(report, s));
  const notes = first
    ? `<span${attrs({ class: critical ? 'df-time critical' : 'df-time', title: critical ? 'on the critical path' : undefined })}>${time}</span>${statusCell(steps)}${sizeCell(report, line, steps)}${badges(report, line, byLine)}`
    : '<span class="df-time"></span><span class="df-status"></span><span class="df-size"></span><span class="df-badges"></span>';
  const rowAttrs = attrs({
    class: `df-line ${state}${first ? ' first' : ' cont'}`,
    id: `L${line}`,
    'data-testid': 'dockerfile-line',
    'data-line': line,
  });
  return `<div${rowAttrs}><a class="df-num" href="#L${line}">${line}</a><code class="df-code">${text}</code>${notes}</div>`;
}

/** The Dockerfile section. */
export function renderDockerfile(report: Report): string {
  const source = reconstruct(report);
  const byLine = findingsByLine(report);
  const numbers = [...source.keys()].sort((a, b) => a - b);
  const rows: string[] = [];
  let previous = 0;
  for (const line of numbers) {
    if (line > previous + 1) {
      const gap = previous + 1 === line - 1 ? `line ${previous + 1}` : `lines ${previous + 1}-${line - 1}`;
      // Without the file the report cannot tell a comment from an ARG: it says only that no step ran there.
      rows.push(
        `<div class="df-gap" title="comments, blank lines, or instructions BuildKit did not run as steps (ARG, ENV, …)">⋮ ${gap}: no ` +
          `step</div>`,
      );
    }
    const entry = source.get(line);
    if (entry) rows.push(renderLine(report, line, entry, byLine));
    previous = line;
  }
  const head =
    '<div class="df-head" aria-hidden="true"><span></span><span>instruction</span><span>time</span><span>cache</span><span>layer</span><span>notes</span></div>';
  return (
    `<section class="card" id="dockerfile" data-testid="dockerfile"><h2>Dockerfile <span ` +
    `class="muted">${esc(report.build.dockerfile)}</span></h2>` +
    `<div class="df-body">${head}${rows.join('')}</div></section>`
  );
}
