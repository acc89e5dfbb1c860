import type { LocatedImage } from '../collect/image-layers.js';
import type { Report } from '../model/report.js';
import { diveSection } from './dive-numbers.js';
import type { LayerOutcome } from './layers.js';

// What the image section says beyond sizes, once addImage has written it:
// per layer its history line, the bytes it adds and which later layers
// removed them; for the image, dive's own numbers (its efficiency is the
// report's) and the waste split between base-image layers and the rest.

/** Adds layer details and dive's numbers to report.image (written by addImage). */
export function addImageDetails(report: Report, image: LocatedImage, outcome: LayerOutcome | undefined): void {
  const section = report.image;
  if (!section) return;
  const lineOf = (index: number): number | undefined => section.layers[index]?.line;
  section.layers.forEach((layer, i) => {
    const located = image.layers[i];
    if (located?.createdBy !== undefined) layer.createdBy = located.createdBy;
    const facts = outcome?.facts;
    const layerFacts = facts?.layers[i];
    if (!facts || !layerFacts) return;
    layer.addedBytes = layerFacts.addedBytes;
    const by = facts.wastedBy[i] ?? [];
    if (by.length > 0)
      layer.wastedBy = by.map((w) => {
        const line = lineOf(w.layer);
        return line !== undefined
          ? { layer: w.layer, line, bytes: w.bytes, paths: w.paths }
          : { layer: w.layer, bytes: w.bytes, paths: w.paths };
      });
  });
  const facts = outcome?.facts;
  if (facts) {
    section.baseWastedBytes = section.layers.reduce((sum, l, i) => sum + (l.base ? (facts.wastedBytes[i] ?? 0) : 0), 0);
    section.userWastedBytes = section.wastedBytes - section.baseWastedBytes;
  }
  if (outcome?.dive) {
    section.dive = diveSection(outcome.dive);
    section.efficiency = outcome.dive.efficiency;
  }
}
