// The bench's result table, as Markdown (it goes into BENCHMARKS.md as printed).

const HEADERS = ['measure', 'buildlens', 'floor', 'buildx', 'ratio to floor', 'target', 'met'];

/** One Markdown table of rows {measure, buildlens, floor, buildx, unit?, ratio, target, met}. */
export function renderTable(rows) {
  const cell = (v, unit) => (typeof v === 'number' ? fmt(v, unit) : String(v));
  const lines = rows.map((r) => [r.measure, cell(r.buildlens, r.unit), cell(r.floor, r.unit), cell(r.buildx, r.unit), r.ratio, r.target, r.met ? 'yes' : '**no**']);
  const all = [HEADERS, HEADERS.map(() => '---'), ...lines];
  const widths = HEADERS.map((_, c) => Math.max(...all.map((l) => l[c].length)));
  return `${all.map((l) => `| ${l.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`).join('\n')}\n`;
}

function fmt(v, unit) {
  if (unit !== 'ms') return String(v);
  return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`;
}
