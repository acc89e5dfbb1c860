import type { FindingScore } from './score.js';

// The corpus's results as a plain-text table: one row per case, totals below.

/** One row: a case's finding score, its cache-chain check and image size. */
export interface CaseRow {
  name: string;
  score: FindingScore;
  cacheProblems: string[];
  imageBytes: number | undefined;
  imageOk: boolean;
  /** Layer digests of the image the report describes, and of the image loaded into the engine. */
  layers: { reported: string[]; exported: string[] };
}

const sameLayers = (r: CaseRow) => r.layers.reported.length === r.layers.exported.length && r.layers.reported.every((d, i) => d === r.layers.exported[i]);
const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

/** Recall over every case's must-appear findings, precision over every judged finding reported. */
export function totals(rows: CaseRow[]): { recall: number; precision: number; must: number; found: number; right: number; wrong: number } {
  const must = rows.reduce((n, r) => n + r.score.mustTotal, 0);
  const found = rows.reduce((n, r) => n + r.score.mustFound, 0);
  const right = rows.reduce((n, r) => n + r.score.right.length, 0);
  const wrong = rows.reduce((n, r) => n + r.score.wrong.length, 0);
  return { recall: must === 0 ? 0 : found / must, precision: right + wrong === 0 ? 0 : right / (right + wrong), must, found, right, wrong };
}

/** The table, then each case's wrong, missed and unjudged findings and cache problems. */
export function formatTable(rows: CaseRow[]): string {
  const header = ['case', 'right', 'wrong', 'missed', 'unjudged info', 'cache chain', 'image reported', 'reported = exported image'];
  const body = rows.map((r) => [
    r.name,
    String(r.score.right.length),
    String(r.score.wrong.length),
    String(r.score.missed.length),
    String(r.score.unjudged.length),
    r.cacheProblems.length === 0 ? 'right' : `${r.cacheProblems.length} wrong`,
    `${r.imageBytes === undefined ? 'none' : `${(r.imageBytes / 1e6).toFixed(1)} MB`}${r.imageOk ? '' : ' (out of bounds)'}`,
    sameLayers(r) ? 'yes' : `no (${r.layers.reported.length} layers reported, ${r.layers.exported.length} exported)`,
  ]);
  const t = totals(rows);
  const lines = [header, ...body].map((cells) => `| ${cells.join(' | ')} |`);
  lines.splice(1, 0, `|${header.map(() => ' --- ').join('|')}|`);
  lines.push('', `recall ${pct(t.found, t.must)} (${t.found}/${t.must} must-appear), precision ${pct(t.right, t.right + t.wrong)} (${t.right} right, ${t.wrong} wrong)`);
  for (const r of rows) {
    const notes = [
      ...r.score.wrong.map((w) => `  wrong: ${w}`),
      ...r.score.missed.map((m) => `  missed: ${m}`),
      ...r.score.unjudged.map((u) => `  unjudged: ${u}`),
      ...r.cacheProblems.map((c) => `  cache: ${c}`),
    ];
    if (notes.length) lines.push(`${r.name}:`, ...notes);
  }
  return lines.join('\n');
}
