import { buildCheckUrl } from '../analysis/build-checks.js';
import { totalSavings } from '../model/savings.js';
import type { Report, Step } from '../model/report.js';
import { missReason } from './why.js';
import { redactInstruction } from '../dockerfile/redact-instruction.js';
import { NOT_IN_FINAL_IMAGE, slowestRows } from './slowest.js';
import { bytes, duration, lines, oneLine } from '../core/format.js';

// report.md: fits a CI job summary (GitHub renders it as the run's summary).

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
// A step's layer size; a builder stage's step says it has none in the image rather than showing nothing.
const layerCell = (step: Step): string =>
  step.layer ? bytes(step.layer.uncompressedSize) : step.inFinalImage === false ? NOT_IN_FINAL_IMAGE : '';
const code = (text: string): string => `\`${oneLine(text, 70).replace(/`/g, "'")}\``;

/** The report as Markdown. */
export function renderMarkdown(report: Report): string {
  const b = report.build;
  const out: string[] = [];
  const icon = b.status === 'success' ? '✅' : b.status === 'canceled' ? '⏹️' : '❌';
  // An image read directly was not built here: its name, no time or cache.
  const image = report.source?.kind === 'image';
  out.push(
    image
      ? `## buildlens: image \`${report.source?.name ?? b.ref}\``
      : `## ${icon} buildlens: ${b.dockerfile}${b.target ? ` (target \`${b.target}\`)` : ''}`,
    '',
  );
  const summary = [
    ...(image
      ? [`${report.image?.layers.length ?? 0} layers, lines of ${b.dockerfile}`]
      : [`**${b.status}** in ${duration(b.durationMs)}`]),
    ...(image ? [] : [`cache ${report.cache.cached}/${report.cache.steps} steps (${Math.round(report.cache.ratio * 100)}%)`]),
    ...(report.image
      ? [
          `image${report.image.partial ? ' (partial: nothing exported)' : ''} ${bytes(report.image.size)} compressed / ` +
            `${bytes(report.image.uncompressedSize)}`,
          `wasted ${bytes(report.image.wastedBytes)}`,
          `efficiency ${(report.image.efficiency * 100).toFixed(1)}%`,
        ]
      : []),
    ...(report.image?.dive
      ? [`dive: ${report.image.dive.sizeBytes} bytes, ${report.image.dive.wastedBytes} wasted, efficiency ${report.image.dive.efficiency}`]
      : []),
  ];
  out.push(summary.join(' · '), '');
  if (b.error) {
    out.push(
      `**Failed at ${b.error.line ? lines(b.error.line, b.error.endLine ?? b.error.line) : 'an unknown line'}:** ` +
        `${cell(oneLine(b.error.message, 200))}`,
      '',
    );
    if (b.error.logTail.length) out.push('```', ...b.error.logTail.slice(-15), '```', '');
  }
  // Steps BuildKit stopped because another failed (or on Ctrl-C) did not fail themselves.
  const canceled = report.steps.filter((s) => s.canceled);
  if (canceled.length > 0) {
    out.push(
      `**Canceled** (stopped by BuildKit, not failed): ` +
        `${canceled.map((s) => `${lines(s.line, s.endLine)} ${code(redactInstruction(s.instruction))}`).join(', ')}`,
      '',
    );
  }
  if (report.findings.length > 0) {
    const saved = totalSavings(report.findings);
    out.push(
      `### Findings (${report.findings.length})${saved.bytes || saved.ms ? ` — fixing them saves up to ${[saved.bytes ? bytes(saved.bytes) : '', saved.ms ? duration(saved.ms) : ''].filter(Boolean).join(' and ')}` : ''}`,
      '',
    );
    out.push('| | rule | line | finding | saves |', '|---|---|---|---|---|');
    for (const f of report.findings) {
      const mark = f.severity === 'error' ? '🔴' : f.severity === 'warning' ? '🟠' : '🔵';
      const saves = [f.savingsBytes ? bytes(f.savingsBytes) : '', f.savingsMs ? duration(f.savingsMs) : ''].filter(Boolean).join(', ');
      const url = buildCheckUrl(f);
      const rule = url ? `[${f.rule}](${url})` : f.rule;
      out.push(`| ${mark} | ${rule} | ${lines(f.line, f.endLine)} | ${cell(f.message)} | ${saves} |`);
    }
    out.push('');
  }
  if (report.cacheMisses && report.cacheMisses.length > 0) {
    out.push(
      `### Cache misses${report.compareRef ? ` (against \`${report.compareRef}\`)` : ''}`,
      '',
      '| line | step | cause | why | cost |',
      '|---|---|---|---|---|',
    );
    for (const m of report.cacheMisses)
      out.push(
        `| ${m.line} | ${code(redactInstruction(m.instruction ?? ''))} | ${m.cause} | ${cell(missReason(m))} | ` +
          `${m.costMs ? duration(m.costMs) : ''} |`,
      );
    out.push('');
  }
  const slow = slowestRows(report, 8);
  if (slow.length > 0) {
    out.push('### Slowest steps', '', '| time | line | step | layer |', '|---|---|---|---|');
    for (const { ms, step, internal } of slow) {
      if (internal) out.push(`| ${duration(ms)} | (BuildKit) | ${code(internal.name)} | |`);
      else {
        const marks = `${step.platform ? ` (${step.platform})` : ''}${step.canceled ? ' (canceled)' : ''}`;
        out.push(
          `| ${duration(ms)} | ${lines(step.line, step.endLine)} | ${code(redactInstruction(step.instruction))}${marks} | ` +
            `${layerCell(step)} |`,
        );
      }
    }
    out.push('');
  }
  if (report.stages.length > 1) {
    out.push('### Stages', '', '| stage | time | cached |', '|---|---|---|');
    for (const st of report.stages)
      out.push(
        `| ${cell(st.platform ? `${st.platform} ${st.name}` : st.name)} | ${duration(st.durationMs)} | ${st.cachedSteps}/${st.steps} |`,
      );
    out.push('');
  }
  if (report.image) {
    out.push('### Layers', '', '| size | line | made by |', '|---|---|---|');
    for (const l of [...report.image.layers].sort((a, c) => c.uncompressedSize - a.uncompressedSize).slice(0, 10)) {
      const step = report.steps.find((s) => s.id === l.step);
      out.push(
        `| ${bytes(l.uncompressedSize)} | ${l.line ?? ''} | ` +
          `${l.base ? 'base image' : step ? code(redactInstruction(step.instruction)) : ''} |`,
      );
    }
    out.push('');
  }
  for (const note of report.notes) out.push(`> ${cell(note.message)}`);
  return `${out.join('\n').trimEnd()}\n`;
}
