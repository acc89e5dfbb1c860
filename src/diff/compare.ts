import type { DiffRow, DiffSide, ImageDiff } from '../model/diff.js';
import type { Report } from '../model/report.js';
import { compareFiles } from './files.js';

// Two reports side by side: per Dockerfile line when both have lines (rows
// matched by instruction text, since lines move between versions; the n-th
// of identical instructions with the n-th), else per layer (by history entry,
// else position); the base image; and, when both final filesystems are known,
// the files added, removed, grown and shrunk.

/** One side of a diff: its report, and its final filesystem when read. */
export interface DiffInput {
  name: string;
  report: Report;
  files?: Map<string, number> | undefined;
}

type RowSide = NonNullable<DiffRow['a']>;
type Keyed = Map<string, { instruction: string; side: RowSide }>;

/** Compares two reports (and their files); `top` paths per file list. */
export function compareReports(a: DiffInput, b: DiffInput, top = 10): ImageDiff {
  const byLine = hasLines(a.report) && hasLines(b.report);
  const rowsA = byLine ? lineRows(a.report) : layerRows(a.report);
  const rowsB = byLine ? lineRows(b.report) : layerRows(b.report);
  const rows: DiffRow[] = [];
  for (const [key, { instruction, side }] of rowsA) {
    const other = rowsB.get(key)?.side;
    rows.push(row(instruction, side, other));
  }
  for (const [key, { instruction, side }] of rowsB) if (!rowsA.has(key)) rows.push(row(instruction, undefined, side));
  pairEdits(rows);
  rows.sort((x, y) => Math.abs(y.deltaBytes) - Math.abs(x.deltaBytes) || order(x) - order(y));
  const diff: ImageDiff = {
    diffVersion: 1,
    a: sideOf(a),
    b: sideOf(b),
    by: byLine ? 'line' : 'layer',
    base: baseOf(a.report, b.report),
    rows,
    notes: [],
  };
  if (a.files && b.files) diff.files = compareFiles(a.files, b.files, top);
  else diff.notes.push('file lists are not compared: the layer contents of one side could not be read');
  if (!a.report.image || !b.report.image) diff.notes.push('one side has no image section: its sizes count as 0');
  return diff;
}

function hasLines(report: Report): boolean {
  return report.steps.some((s) => s.layer !== undefined);
}

// A build's steps (with their times and cache) or an image's layer steps, keyed by instruction text.
function lineRows(report: Report): Keyed {
  const timed = report.source?.kind !== 'image';
  const keyed: Keyed = new Map();
  const seen = new Map<string, number>();
  for (const step of report.steps) {
    if (step.platform || /^FROM\s/i.test(step.instruction) || (!step.layer && !timed)) continue;
    const instruction = squash(step.instruction);
    const n = (seen.get(instruction) ?? 0) + 1;
    seen.set(instruction, n);
    const side: RowSide = { line: step.line, bytes: step.layer?.uncompressedSize ?? 0, files: step.layer?.files ?? 0 };
    if (timed) {
      side.durationMs = step.durationMs;
      side.cached = step.cached;
    }
    keyed.set(`${instruction}\u0000${n}`, { instruction, side });
  }
  return keyed;
}

// Layers above the base, by their history entry when they have one, else by position.
function layerRows(report: Report): Keyed {
  const keyed: Keyed = new Map();
  const seen = new Map<string, number>();
  report.image?.layers.forEach((layer, index) => {
    if (layer.base) return;
    const instruction = layer.createdBy ? squash(layer.createdBy) : `layer ${index + 1}`;
    const n = (seen.get(instruction) ?? 0) + 1;
    seen.set(instruction, n);
    const side: RowSide = { layer: index, bytes: layer.uncompressedSize, files: layer.files ?? 0 };
    if (layer.line !== undefined) side.line = layer.line;
    keyed.set(`${instruction}\u0000${n}`, { instruction, side });
  });
  return keyed;
}

// An edited line shows up as one removed and one added: pair the most alike
// of the same keyword (shared words over all words, at least a third).
function pairEdits(rows: DiffRow[]): void {
  const removed = rows.filter((r) => r.status === 'removed');
  const added = rows.filter((r) => r.status === 'added');
  const pairs: Array<{ gone: DiffRow; edit: DiffRow; score: number }> = [];
  for (const gone of removed)
    for (const edit of added) {
      const score = likeness(gone.instruction, edit.instruction);
      if (score >= 1 / 3) pairs.push({ gone, edit, score });
    }
  pairs.sort((x, y) => y.score - x.score || order(x.edit) - order(y.edit));
  const used = new Set<DiffRow>();
  for (const { gone, edit } of pairs) {
    if (used.has(gone) || used.has(edit) || !gone.a || !edit.b) continue;
    used.add(gone).add(edit);
    Object.assign(edit, row(edit.instruction, gone.a, edit.b), { was: gone.instruction, status: 'changed' });
    rows.splice(rows.indexOf(gone), 1);
  }
}

function likeness(a: string, b: string): number {
  const wordsA = a.split(' ');
  const wordsB = b.split(' ');
  if (wordsA[0]?.toUpperCase() !== wordsB[0]?.toUpperCase()) return 0;
  const setA = new Set(wordsA.slice(1));
  const setB = new Set(wordsB.slice(1));
  let shared = 0;
  for (const word of setA) if (setB.has(word)) shared++;
  const all = new Set([...setA, ...setB]).size;
  return all === 0 ? 1 : shared / all;
}

function row(instruction: string, a: RowSide | undefined, b: RowSide | undefined): DiffRow {
  const delta = (b?.bytes ?? 0) - (a?.bytes ?? 0);
  const status = !a ? 'added' : !b ? 'removed' : delta !== 0 || a.files !== b.files ? 'changed' : 'same';
  const out: DiffRow = { instruction, status, deltaBytes: delta };
  if (a) out.a = a;
  if (b) out.b = b;
  return out;
}

function order(row: DiffRow): number {
  return row.b?.line ?? row.a?.line ?? Number.MAX_SAFE_INTEGER;
}

function sideOf(input: DiffInput): DiffSide {
  const { report } = input;
  const image = report.image;
  const side: DiffSide = {
    name: input.name,
    kind: report.source?.kind ?? 'build',
    size: image?.size ?? 0,
    uncompressedSize: image?.uncompressedSize ?? 0,
    wastedBytes: image?.wastedBytes ?? 0,
    efficiency: image?.efficiency ?? 1,
    layers: image?.layers.length ?? 0,
  };
  if (report.build.dockerfile !== 'image history') side.dockerfile = report.build.dockerfile;
  if (report.source?.kind !== 'image') side.durationMs = report.build.durationMs;
  return side;
}

function baseOf(a: Report, b: Report): ImageDiff['base'] {
  const of = (report: Report): ImageDiff['base']['a'] => {
    const layers = report.image?.layers.filter((l) => l.base) ?? [];
    const from = [...report.steps].reverse().find((s) => /^FROM\s/i.test(s.instruction));
    const base: ImageDiff['base']['a'] = {
      layers: layers.length,
      bytes: layers.reduce((sum, l) => sum + l.uncompressedSize, 0),
      digests: layers.map((l) => l.digest),
    };
    if (from) base.from = squash(from.instruction);
    return base;
  };
  const baseA = of(a);
  const baseB = of(b);
  // The base's layers decide when both sides have them (a FROM re-spelled to the same digest is the same base); the
  // FROM text only when neither side knows its layers.
  const known = baseA.digests.length > 0 || baseB.digests.length > 0;
  const changed = known
    ? baseA.digests.join() !== baseB.digests.join()
    : baseA.from !== undefined && baseB.from !== undefined && baseA.from !== baseB.from;
  return { changed, a: baseA, b: baseB };
}

function squash(text: string): string {
  return text
    .replace(/\\\r?\n/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
