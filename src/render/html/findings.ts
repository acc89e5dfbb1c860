import { buildCheckUrl } from '../../analysis/build-checks.js';
import type { Finding, Report } from '../../model/report.js';
import { missCost, missReason } from '../why.js';
import { bytes, duration, lines, oneLine } from '../../core/format.js';
import { attrs, esc } from './escape.js';

// Findings, the cache-miss chain and the report's notes: the parts of the
// report that are sentences rather than measurements on an axis.

// Evidence can list thousands of paths; the page shows the start of it.
const EVIDENCE_LIMIT = 4000;

const SEVERITY_ORDER: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

function lineLink(line: number, endLine?: number): string {
  return `<a href="#L${line}">${esc(lines(line, endLine ?? line))}</a>`;
}

function savings(finding: Finding): string {
  const parts = [
    ...(finding.savingsBytes ? [`saves ${bytes(finding.savingsBytes)}`] : []),
    ...(finding.savingsMs ? [`saves ${duration(finding.savingsMs)}`] : []),
  ];
  return parts.length > 0 ? ` <span class="savings">${esc(parts.join(' · '))}</span>` : '';
}

// Messages quote commands and paths in `backticks`: shown as code, not as literal backticks.
function message(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? `<code>${esc(part)}</code>` : esc(part)))
    .join('');
}

// Byte counts in the evidence read as sizes ("bytes": 27461632 → "27.5 MB (27461632)").
function readableEvidence(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => readableEvidence(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readableEvidence(v, k)]));
  if (typeof value === 'number' && /bytes$/i.test(key) && value >= 1024) return `${bytes(value)} (${value})`;
  return value;
}

function evidence(finding: Finding): string {
  if (Object.keys(finding.evidence).length === 0) return '';
  const text = JSON.stringify(readableEvidence(finding.evidence), null, 2);
  const shown =
    text.length > EVIDENCE_LIMIT
      ? `${text.slice(0, EVIDENCE_LIMIT)}\n… (${text.length - EVIDENCE_LIMIT} more characters in report.json)`
      : text;
  return `<details><summary>evidence</summary><pre>${esc(shown)}</pre></details>`;
}

function renderFinding(finding: Finding, index: number): string {
  const related = finding.relatedLines?.length
    ? ` <span class="muted">related: ${finding.relatedLines.map((l) => lineLink(l)).join(', ')}</span>`
    : '';
  const itemAttrs = attrs({
    class: `finding sev-${finding.severity}`,
    id: `finding-${index}`,
    'data-testid': 'finding',
    'data-rule': finding.rule,
    'data-line': finding.line,
  });
  // BuildKit's own checks link to their documentation.
  const url = buildCheckUrl(finding);
  const rule = url ? `<a href="${esc(url)}" rel="noopener noreferrer">${esc(finding.rule)}</a>` : esc(finding.rule);
  return (
    `<li${itemAttrs}><span class="tag sev-${finding.severity}">${esc(finding.severity)}</span> <b>${rule}</b> ` +
    `${lineLink(finding.line, finding.endLine)} ` +
    `<span class="msg">${message(finding.message)}</span>${savings(finding)}${related}${evidence(finding)}</li>`
  );
}

/** The findings section, most severe first; ids keep the report's order so badges link to them. */
export function renderFindings(report: Report): string {
  const ordered = report.findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity] || a.finding.line - b.finding.line);
  const body =
    ordered.length > 0
      ? `<ol class="findings">${ordered.map(({ finding, index }) => renderFinding(finding, index)).join('')}</ol>`
      : '<p class="muted">No findings.</p>';
  return (
    `<section class="card" id="findings" data-testid="findings"><h2>Findings <span ` +
    `class="muted">${report.findings.length}</span></h2>${body}</section>`
  );
}

/** The cache-miss chain, or nothing when the report has no comparison. */
export function renderCacheMisses(report: Report): string {
  const misses = report.cacheMisses;
  if (misses === undefined) return '';
  const compared = report.compareRef ? ` <span class="muted">compared with ${esc(report.compareRef)}</span>` : '';
  if (misses.length === 0)
    return (
      `<section class="card" id="cache-misses" data-testid="cache-misses"><h2>Cache misses${compared}</h2><p class="muted">No ` +
      `cache misses.</p></section>`
    );
  const rows = misses
    .map((miss) => {
      const rowAttrs = attrs({ class: miss.root ? 'root' : undefined, 'data-testid': 'cache-miss', 'data-line': miss.line });
      return (
        `<tr${rowAttrs}><td>${miss.root ? '●' : '↳'}</td><td>${lineLink(miss.line, miss.endLine)}</td><td><code>${esc(oneLine(miss.instruction ?? '', 60))}</code></td>` +
        `<td>${esc(miss.cause)}</td><td>${esc(missReason(miss))}</td><td ` +
        `class="num">${miss.costMs !== undefined ? esc(duration(miss.costMs)) : ''}</td></tr>`
      );
    })
    .join('');
  const cost = missCost(report);
  const total = cost > 0 ? `<p>Re-running steps that were cached before cost <b>${esc(duration(cost))}</b>.</p>` : '';
  return (
    `<section class="card" id="cache-misses" data-testid="cache-misses"><h2>Cache misses${compared}</h2>` +
    `<table class="misses"><thead><tr><th></th><th>line</th><th>instruction</th><th>cause</th><th>why</th><th ` +
    `class="num">cost</th></tr></thead><tbody>${rows}</tbody></table>${total}</section>`
  );
}

/** The notes section, or nothing when there are none. */
export function renderNotes(report: Report): string {
  if (report.notes.length === 0) return '';
  const items = report.notes.map((n) => `<li><b>${esc(n.topic)}</b>: ${esc(n.message)}</li>`).join('');
  return `<section class="card" id="notes" data-testid="notes"><h2>Notes</h2><ul>${items}</ul></section>`;
}
