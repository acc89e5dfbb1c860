import type { DiffRow, ImageDiff } from '../model/diff.js';
import { bytes, duration, oneLine } from '../core/format.js';
import { redactInstruction } from '../dockerfile/redact-instruction.js';
import { fit } from './terminal-style.js';

// `buildlens diff` for a terminal: the totals, the base image, the lines (or
// layers) that changed, largest change first, and the files behind them.

const ROWS = 12;

/** Signed bytes: "+1.2 MB", "-300 kB", "0 B". */
export function signedBytes(n: number): string {
  return n > 0 ? `+${bytes(n)}` : n < 0 ? `-${bytes(-n)}` : '0 B';
}

/** Where a row sits on each side: "line 4 → line 5", "layer 3". */
export function rowPlace(row: DiffRow): string {
  const place = (side: DiffRow['a']): string =>
    side?.line !== undefined ? `line ${side.line}` : side?.layer !== undefined ? `layer ${side.layer + 1}` : '—';
  const a = place(row.a);
  const b = place(row.b);
  return a === b ? a : `${a} → ${b}`;
}

/** Time and cache of a build row: "4.1s → 9.8s, now missed". */
export function rowTiming(row: DiffRow): string {
  if (row.a?.durationMs === undefined && row.b?.durationMs === undefined) return '';
  const time =
    `${row.a?.durationMs !== undefined ? duration(row.a.durationMs) : '—'} → ` +
    `${row.b?.durationMs !== undefined ? duration(row.b.durationMs) : '—'}`;
  const cache =
    row.a?.cached === true && row.b?.cached === false
      ? ', now missed'
      : row.a?.cached === false && row.b?.cached === true
        ? ', now cached'
        : '';
  return `${time}${cache}`;
}

/** The diff as terminal text. */
export function renderDiff(diff: ImageDiff, width = 100): string {
  const { a, b } = diff;
  const out = [
    `buildlens diff ${a.name} → ${b.name}`,
    `  size: ${bytes(a.uncompressedSize)} → ${bytes(b.uncompressedSize)} (${signedBytes(b.uncompressedSize - a.uncompressedSize)}) ` +
      `uncompressed, ${bytes(a.size)} → ${bytes(b.size)} compressed`,
    `  wasted: ${bytes(a.wastedBytes)} → ${bytes(b.wastedBytes)} · efficiency ${(a.efficiency * 100).toFixed(1)}% → ` +
      `${(b.efficiency * 100).toFixed(1)}% · layers ${a.layers} → ${b.layers}`,
  ];
  const base = diff.base;
  if (base.changed) {
    const from = base.a.from !== base.b.from && (base.a.from || base.b.from) ? ` (${base.a.from ?? '?'} → ${base.b.from ?? '?'})` : '';
    out.push(
      `  base image changed${from}: ${base.a.layers} layers ${bytes(base.a.bytes)} → ${base.b.layers} layers ${bytes(base.b.bytes)} ` +
        `(${signedBytes(base.b.bytes - base.a.bytes)})`,
    );
  } else out.push(`  base image unchanged (${base.a.layers} layers, ${bytes(base.a.bytes)})`);
  const changed = diff.rows.filter((r) => r.status !== 'same' || rowTiming(r).includes('now'));
  out.push(changed.length ? `  by ${diff.by}, largest change first:` : `  no ${diff.by} changed`);
  for (const row of changed.slice(0, ROWS)) {
    const timing = rowTiming(row);
    const head = `    ${signedBytes(row.deltaBytes).padStart(10)}  ${row.status.padEnd(7)} ${rowPlace(row).padEnd(18)} `;
    out.push(fit(`${head}${oneLine(redactInstruction(row.instruction), Math.max(20, width - head.length))}`, width));
    const files = row.a && row.b && row.a.files !== row.b.files ? `files ${row.a.files} → ${row.b.files}` : '';
    const was = row.was ? `was: ${oneLine(redactInstruction(row.was), width)}` : '';
    if (files || timing || was) out.push(fit(`${' '.repeat(head.length)}${[files, timing, was].filter(Boolean).join(' · ')}`, width));
  }
  if (changed.length > ROWS) out.push(`    … ${changed.length - ROWS} more (--json lists all)`);
  const files = diff.files;
  if (files) {
    const list = (
      title: string,
      set: { count: number; bytes: number; top: Array<{ path: string; bytes: number }> },
      sign: 1 | -1,
    ): void => {
      if (set.count === 0) return;
      out.push(`  files ${title}: ${set.count} (${signedBytes(sign * set.bytes)})`);
      for (const f of set.top.slice(0, 5)) out.push(fit(`    ${signedBytes(sign * f.bytes).padStart(10)}  ${f.path}`, width));
    };
    list('added', files.added, 1);
    list('removed', files.removed, -1);
    list('grown', files.grown, 1);
    list('shrunk', files.shrunk, -1);
  }
  for (const note of diff.notes) out.push(`  note: ${note}`);
  return `${out.join('\n')}\n`;
}
