import type { Report } from '../../model/report.js';
import { bytes, duration, lines } from '../../core/format.js';
import { esc } from './escape.js';

// The page header: the handful of numbers someone opening the report wants
// first, then where the build came from, then the error if it failed.

function tile(label: string, value: string, extra = '', testid?: string): string {
  const id = testid ? ` data-testid="${esc(testid)}"` : '';
  return (
    `<div class="tile"${id}><div class="tile-label">${esc(label)}</div><div ` +
    `class="tile-value">${value}</div>${extra ? `<div class="tile-extra">${extra}</div>` : ''}</div>`
  );
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(ratio === 1 || ratio === 0 ? 0 : 1)}%`;
}

function tiles(report: Report): string {
  const { build, cache, image } = report;
  const none = '<span class="muted">—</span>';
  return [
    tile(
      'status',
      `<span class="status ${esc(build.status)}">${esc(build.status)}</span>`,
      build.status === 'success' ? '' : esc(`exit code ${build.exitCode}`),
      'status',
    ),
    tile('total time', esc(duration(build.durationMs)), '', 'total-time'),
    tile('cache', `${cache.cached}/${cache.steps}`, esc(`${percent(cache.ratio)} of steps cached`), 'cache'),
    tile(
      'image size',
      image ? esc(bytes(image.size)) : none,
      image ? esc(`${bytes(image.uncompressedSize)} uncompressed`) : '',
      'image-size',
    ),
    tile('wasted', image ? esc(bytes(image.wastedBytes)) : none, image ? 'removed or overwritten later' : '', 'wasted'),
    tile('efficiency', image ? esc(percent(image.efficiency)) : none, '', 'efficiency'),
  ].join('');
}

function meta(report: Report): string {
  const { build } = report;
  const parts = [
    `ref <code>${esc(build.ref)}</code>`,
    `builder ${esc(build.builder)} (${esc(build.driver)})`,
    ...(build.target ? [`target ${esc(build.target)}`] : []),
    ...(build.platforms.length > 0 ? [esc(build.platforms.join(', '))] : []),
    `started ${esc(build.startedAt)}`,
    ...(build.contextBytes !== undefined ? [`context ${esc(bytes(build.contextBytes))}`] : []),
    ...(report.tool ? [`${esc(report.tool.name)} ${esc(report.tool.version)}`] : []),
  ];
  return `<p class="meta">${parts.join(' · ')}</p>`;
}

function buildError(report: Report): string {
  const error = report.build.error;
  if (!error) return '';
  const where = error.line !== undefined ? ` at <a href="#L${error.line}">${esc(lines(error.line, error.endLine ?? error.line))}</a>` : '';
  const tail = error.logTail.length > 0 ? `<pre class="log">${esc(error.logTail.join('\n'))}</pre>` : '';
  return (
    `<div class="error-box" data-testid="build-error"><b>Build ${esc(report.build.status)}</b>${where}: ` +
    `${esc(error.message)}${tail}</div>`
  );
}

function internalSteps(report: Report): string {
  const steps = report.internalSteps ?? [];
  if (steps.length === 0) return '';
  const rows = steps
    .map(
      (s) =>
        `<tr><td>${esc(s.kind)}</td><td>${esc(s.name)}</td><td ` +
        `class="num">${esc(duration(s.durationMs))}</td><td>${s.cached ? 'cached' : ''}</td><td ` +
        `class="num">${s.bytes !== undefined ? esc(bytes(s.bytes)) : ''}</td></tr>`,
    )
    .join('');
  return (
    `<details class="internal"><summary>BuildKit's own steps ` +
    `(${steps.length})</summary><table><tbody>${rows}</tbody></table></details>`
  );
}

/** The header: title, summary tiles, origin, error. */
export function renderHeader(report: Report): string {
  return (
    `<header class="page-head"><h1>buildlens <span class="muted">report for</span> ${esc(report.build.dockerfile)}</h1>` +
    `<div class="tiles">${tiles(report)}</div>${meta(report)}${buildError(report)}${internalSteps(report)}</header>`
  );
}
