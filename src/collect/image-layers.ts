import type { BlobDescriptor } from '../buildkit/types.js';
import type { ProvenanceFacts } from './provenance.js';

// Which LLB step produced each layer of an image. Provenance lists, per step
// whose result BuildKit made blobs for, the whole layer chain of that result;
// a layer belongs to the step whose chain first ends with it. Layers of a
// source (FROM) step belong to the base image. Which image (whose chain) is
// enrich/exported-image.ts's question.

/** One layer of the final image with the step that produced it. */
export interface AttributedLayer {
  descriptor: BlobDescriptor;
  /** The LLB step id (provenance "stepN") that added it. */
  step?: string;
  base: boolean;
}

/** An image's layers (base first) attributed to the steps that produced them. */
export function attributeImageLayers(provenance: ProvenanceFacts, imageChain: BlobDescriptor[]): AttributedLayer[] {
  return imageChain.map((descriptor, index) => {
    let producer: string | undefined;
    let base = false;
    for (const [step, chain] of provenance.stepLayers) {
      if (chain.length !== index + 1 || chain[index]?.digest !== descriptor.digest) continue;
      const isSource = provenance.steps.get(step)?.kind === 'source';
      if (isSource) {
        base = true;
        producer ??= step;
      } else {
        producer = step;
        base = false;
      }
    }
    // A layer inside a base image's chain (not its last) is base too.
    if (!producer) {
      for (const [step, chain] of provenance.stepLayers) {
        if (provenance.steps.get(step)?.kind === 'source' && chain.some((d) => d.digest === descriptor.digest)) {
          base = true;
          producer = step;
        }
      }
    }
    const layer: AttributedLayer = { descriptor, base };
    if (producer) layer.step = producer;
    return layer;
  });
}
