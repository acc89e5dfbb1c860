import type { AttributedLayer } from '../collect/image-layers.js';
import { diveEfficiency, type DiveEfficiency } from '../image/efficiency.js';
import type { LayerIndex } from '../layers/index.js';
import type { ImageLayerFacts } from '../model/facts.js';
import type { DiveNumbers } from '../model/report.js';

// dive's numbers for the image a report describes, from the path indexes the
// layer analysis made anyway: dive counts each layer's size as the bytes of
// all its entries (a path listed twice counts twice), which the facts'
// addedBytes are, and splits "user" bytes at its first layer.

export type { DiveEfficiency };

const TOP = 10;

/** dive's analysis of the layers (base first); the waste split takes the layers marked base. */
export function diveNumbers(indexes: readonly LayerIndex[], facts: ImageLayerFacts, layers: readonly AttributedLayer[]): DiveEfficiency {
  const baseLayers = layers.filter((l) => l.base).length;
  return diveEfficiency(indexes, { baseLayers, layerSizes: facts.layers.map((l) => l.addedBytes) });
}

/** The report's form of dive's numbers: finite, and the largest inefficiencies only. */
export function diveSection(dive: DiveEfficiency): DiveNumbers {
  const percent = dive.wastedUserPercent;
  return {
    efficiency: dive.efficiency,
    sizeBytes: dive.sizeBytes,
    userSizeBytes: dive.userSizeBytes,
    wastedBytes: dive.wastedBytes,
    wastedUserPercent: Number.isFinite(percent) ? percent : 0,
    missedBytes: dive.missed.bytes,
    inefficiencies: dive.inefficiencies.slice(0, TOP),
  };
}
