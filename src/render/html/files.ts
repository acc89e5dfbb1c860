import type { FileTreeView, ImageFileTrees } from '../../model/file-tree.js';
import type { ImageLayer, Report } from '../../model/report.js';
import { bytes, oneLine } from '../../core/format.js';
import { attrs, esc } from './escape.js';

// The file browser: per layer of the image, a collapsible tree of what the
// layer changed or of the filesystem up to it, with a path filter. This
// module writes the frame (controls, one closed <details> per layer, what the
// bounds left out); the page's script fills a layer's tree from the embedded
// trees when it is opened, so a page of a large image stays light.

/** Id of the script element holding the trees as JSON. */
export const FILES_DATA_ID = 'buildlens-files';

const LEGEND =
  '<p class="fb-legend"><span class="fb-tag added">added</span> by this layer · <span class="fb-tag modified">modified</span> replaces ' +
  'a file of a lower layer · ' +
  '<span class="fb-tag removed">removed</span> deleted by this layer (the bytes it hid below) · <span class="fb-tag ' +
  'wasted">wasted</span> a later layer removes or overwrites it, yet it still ships in this one</p>';

const CONTROLS =
  '<div class="fb-controls" data-fb-controls hidden>' +
  '<label class="fb-filter">Filter by path <input type="search" id="fb-filter" data-testid="file-filter" placeholder="e.g. usr/lib or ' +
  '.so" autocomplete="off" spellcheck="false"></label>' +
  '<fieldset class="fb-view"><legend>Show</legend>' +
  '<label><input type="radio" name="fb-view" value="changes" checked data-testid="file-view-changes"> only this layer\'s changes</label>' +
  '<label><input type="radio" name="fb-view" value="merged" data-testid="file-view-merged"> the filesystem up to this layer</label>' +
  '</fieldset></div>';

function section(body: string): string {
  return `<section class="card" id="files" data-testid="files"><h2>Files</h2>${body}</section>`;
}

// What the layer came from, in a line: its instruction (or the history's created_by for an image read directly).
function caption(report: Report, layer: ImageLayer, index: number): string {
  const step = layer.step !== undefined ? report.steps.find((s) => s.id === layer.step) : undefined;
  const what = step?.instruction ?? layer.createdBy ?? (layer.base ? undefined : 'instruction not recorded');
  return [
    `layer ${index + 1}`,
    ...(layer.line !== undefined ? [`line ${layer.line}`] : []),
    ...(layer.base ? ['base image'] : []),
    ...(what !== undefined ? [oneLine(what, 70)] : []),
  ].join(' · ');
}

function layerStats(view: FileTreeView, layer: ImageLayer): string {
  const { root } = view;
  const parts = [`${bytes(root.size)} in ${root.files ?? 0} file${root.files === 1 ? '' : 's'}`];
  if ((layer.wastedBytes ?? 0) > 0) parts.push(`${bytes(layer.wastedBytes ?? 0)} wasted`);
  return parts.join(' · ');
}

function renderLayer(report: Report, trees: ImageFileTrees, layer: ImageLayer, index: number): string {
  const tree = trees.layers[index];
  if (!tree) return '';
  const layerAttrs = attrs({
    class: 'fb-layer',
    'data-fb': true,
    'data-testid': 'file-layer',
    'data-layer': index,
    'data-line': layer.line,
  });
  return (
    `<details${layerAttrs}><summary><span class="fb-title">${esc(caption(report, layer, index))}</span> ` +
    `<span class="muted">${esc(layerStats(tree.changes, layer))}</span> <span class="fb-matches" ` +
    `data-testid="file-matches"></span></summary>` +
    '<div class="fb-tree" data-testid="file-tree"></div></details>'
  );
}

// What the page holds of the trees, said plainly: how much was left out and why.
function boundsNote(trees: ImageFileTrees): string {
  const views = trees.layers.flatMap((l) => (l.merged ? [l.changes, l.merged] : [l.changes]));
  const entries = views.reduce((sum, v) => sum + v.entries, 0);
  const kept = views.reduce((sum, v) => sum + v.kept, 0);
  const { perDirectory, perView, depth } = trees.limits;
  const aggregated =
    kept < entries
      ? `Aggregated to keep this page small: ${kept.toLocaleString('en')} of ${entries.toLocaleString('en')} entries are in it. Each ` +
        `directory lists its ${perDirectory} largest entries, each view at most ${perView}, the largest directories first and at most ` +
        `${depth} levels deep; the rest of a directory is summed in a “… more” row. The filter searches the entries in the page.`
      : 'Every entry of every layer is in this page.';
  const merged = trees.mergedOmitted ? ` ${trees.mergedOmitted.charAt(0).toUpperCase()}${trees.mergedOmitted.slice(1)}.` : '';
  return `<p class="muted" data-testid="file-bounds">${esc(aggregated + merged)}</p>`;
}

/** The trees when they are those of the report's image layers, one for one; else undefined. */
export function treesOfReport(report: Report, trees: ImageFileTrees | undefined): ImageFileTrees | undefined {
  const layers = report.image?.layers ?? [];
  if (!trees || layers.length === 0 || trees.layers.length !== layers.length) return undefined;
  return trees.layers.every((t, i) => t.digest === layers[i]?.digest) ? trees : undefined;
}

/**
 * The file browser section (trees as treesOfReport gives them); empty when the report has no image layers (the layers
 * section says why).
 */
export function renderFiles(report: Report, trees: ImageFileTrees | undefined): string {
  const layers = report.image?.layers ?? [];
  if (layers.length === 0) return '';
  if (!trees) {
    return section(
      '<p class="muted">No file lists in this page: they are made while the layers are read, and this report was not (a report read ' +
        'back from report.json, or layers not analysed). Write the HTML report from the build or image itself to browse its files.</p>',
    );
  }
  return section(
    `${CONTROLS}${LEGEND}${boundsNote(trees)}` +
      '<noscript><p class="muted">The file browser needs JavaScript to draw its trees.</p></noscript>' +
      `<div class="fb-layers">${layers.map((layer, i) => renderLayer(report, trees, layer, i)).join('')}</div>`,
  );
}
