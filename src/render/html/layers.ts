import type { ImageLayer, Report } from '../../model/report.js';
import { bytes, oneLine } from '../../core/format.js';
import { attrs, esc } from './escape.js';
import { pct, stepsAt } from './lookup.js';

// The image's layers as bars sized by compressed bytes, bottom layer first,
// each tied to the Dockerfile line that made it, so the heavy lines stand out.

function layerLabel(report: Report, layer: ImageLayer): string {
  const step =
    (layer.step !== undefined ? report.steps.find((s) => s.id === layer.step) : undefined) ??
    (layer.line !== undefined ? stepsAt(report, layer.line)[0] : undefined);
  const where = layer.line !== undefined ? `<span class="ln">line ${layer.line}</span>` : '<span class="ln">no line</span>';
  const base = layer.base ? ' <span class="tag base">base image</span>' : '';
  const text = step
    ? ` <code>${esc(oneLine(step.instruction, 60))}</code>`
    : layer.base
      ? ''
      : ' <span class="muted">instruction not recorded</span>';
  const body = `${where}${base}${text}`;
  return layer.line !== undefined ? `<a class="ly-label" href="#L${layer.line}">${body}</a>` : `<span class="ly-label">${body}</span>`;
}

function renderLayer(report: Report, layer: ImageLayer, largest: number): string {
  const wasted = layer.wastedBytes ?? 0;
  const details = [
    `${bytes(layer.size)} compressed`,
    `${bytes(layer.uncompressedSize)} uncompressed`,
    ...(layer.files !== undefined ? [`${layer.files} files`] : []),
    ...(wasted > 0 ? [`${bytes(wasted)} wasted`] : []),
    layer.digest,
  ].join(' · ');
  // Wasted bytes are measured uncompressed; shown as that share of the bar.
  const waste =
    wasted > 0 && layer.uncompressedSize > 0 ? `<span class="ly-waste" style="width:${pct(wasted, layer.uncompressedSize)}"></span>` : '';
  const rowAttrs = attrs({
    class: `ly-row${layer.base ? ' base' : ''}`,
    'data-testid': 'layer-bar',
    'data-line': layer.line,
    'data-base': String(layer.base),
    title: details,
  });
  return (
    `<div${rowAttrs}>${layerLabel(report, layer)}` +
    `<div class="ly-track"><span class="ly-bar" style="width:${pct(layer.size, largest)}">${waste}</span></div>` +
    `<span class="ly-size">${esc(bytes(layer.size))} ` +
    `compressed${wasted > 0 ? ` <span class="warn">${esc(bytes(wasted))} wasted</span>` : ''}</span></div>`
  );
}

/** The layers section. */
export function renderLayers(report: Report): string {
  const image = report.image;
  if (!image || image.layers.length === 0) {
    return (
      '<section class="card" id="layers" data-testid="layers"><h2>Layers</h2><p class="muted">No image layers were measured for ' +
      'this build (nothing exported, or the build failed).</p></section>'
    );
  }
  const largest = Math.max(1, ...image.layers.map((l) => l.size));
  const own = image.layers.filter((l) => !l.base);
  const summary =
    `${image.layers.length} layers · ${bytes(image.size)} compressed · ${bytes(image.uncompressedSize)} uncompressed · ` +
    `${own.length} from this Dockerfile (${bytes(own.reduce((sum, l) => sum + l.size, 0))})`;
  const platform = image.platform ? ` <span class="muted">${esc(image.platform)}</span>` : '';
  return (
    `<section class="card" id="layers" data-testid="layers"><h2>Layers${platform}</h2><p class="muted">${esc(summary)}</p>` +
    `<div class="ly-body">${image.layers.map((l) => renderLayer(report, l, largest)).join('')}</div></section>`
  );
}
