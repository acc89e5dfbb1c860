import type { ImageDiff } from '../model/diff.js';
import { bytes, oneLine } from '../core/format.js';
import { rowPlace, rowTiming, signedBytes } from './diff.js';
import { redactInstruction } from '../dockerfile/redact-instruction.js';

// `buildlens diff --markdown`: short enough for a pull-request comment: the
// totals, the base image, a table of the changed lines, the largest files.

const ROWS = 15;
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string): string => `\`${oneLine(text, 70).replace(/`/g, "'")}\``;

/** The diff as Markdown. */
export function renderDiffMarkdown(diff: ImageDiff): string {
  const { a, b } = diff;
  const delta = b.uncompressedSize - a.uncompressedSize;
  const out = [
    `## buildlens diff: ${delta > 0 ? '📈' : delta < 0 ? '📉' : '➖'} ${signedBytes(delta)}`,
    '',
    `\`${cell(a.name)}\` → \`${cell(b.name)}\`: ${bytes(a.uncompressedSize)} → ${bytes(b.uncompressedSize)} uncompressed · wasted ` +
      `${bytes(a.wastedBytes)} → ${bytes(b.wastedBytes)} · efficiency ${(a.efficiency * 100).toFixed(1)}% → ` +
      `${(b.efficiency * 100).toFixed(1)}%`,
    '',
  ];
  if (diff.base.changed)
    out.push(
      `**Base image changed**: ${bytes(diff.base.a.bytes)} → ${bytes(diff.base.b.bytes)} ` +
        `(${signedBytes(diff.base.b.bytes - diff.base.a.bytes)})`,
      '',
    );
  const changed = diff.rows.filter((r) => r.status !== 'same' || rowTiming(r).includes('now'));
  if (changed.length > 0) {
    out.push(`| change | ${diff.by} | instruction | files | time |`, '|---:|---|---|---|---|');
    for (const row of changed.slice(0, ROWS)) {
      const files = `${row.a?.files ?? 0} → ${row.b?.files ?? 0}`;
      out.push(
        `| ${signedBytes(row.deltaBytes)} | ${rowPlace(row)} | ${code(redactInstruction(row.instruction))} ` +
          `${row.status === 'same' ? '' : `(${row.status})`} | ${files} | ${cell(rowTiming(row))} |`,
      );
    }
    if (changed.length > ROWS) out.push('', `… and ${changed.length - ROWS} more.`);
    out.push('');
  }
  const files = diff.files;
  if (files && files.added.count + files.removed.count + files.grown.count + files.shrunk.count > 0) {
    out.push('<details><summary>Files</summary>', '', '| change | path |', '|---:|---|');
    for (const f of files.added.top.slice(0, 5)) out.push(`| +${bytes(f.bytes)} added | \`${cell(f.path)}\` |`);
    for (const f of files.removed.top.slice(0, 5)) out.push(`| -${bytes(f.bytes)} removed | \`${cell(f.path)}\` |`);
    for (const f of files.grown.top.slice(0, 5)) out.push(`| +${bytes(f.bytes)} grown | \`${cell(f.path)}\` |`);
    for (const f of files.shrunk.top.slice(0, 5)) out.push(`| -${bytes(f.bytes)} shrunk | \`${cell(f.path)}\` |`);
    out.push('', '</details>', '');
  }
  return `${out.join('\n')}\n`;
}
