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
  /** The image history's `created_by` of the layer, when the image says (an image read directly). */
  createdBy?: string;
}

/** The image a report describes, with where its layer list came from. */
export interface LocatedImage {
  /** Its layers, base first, attributed to the LLB steps that made them. */
  layers: AttributedLayer[];
  /** `manifest`: the exporter's image manifest (or the image's own); `final-chain`: the final step's layers in the provenance. */
  from: 'manifest' | 'final-chain';
  /** Whether the build exported anything; undefined when the record cannot tell (no record). */
  exported?: boolean;
  /** False when the layers are only those BuildKit had blobs for: sizes are a lower bound. */
  complete: boolean;
  /** The image manifest's digest, when read. */
  manifest?: string;
  platform?: string;
  /** Why the exporter's manifest could not be used, when it could not. */
  problem?: string;
  /** Layer indexes in the order its blobs read cheaply (an image streamed front to back, as `docker save` gives it). */
  readOrder?: number[];
  /** A multi-platform export: every platform's image, as its manifest lists it (this one included). */
  platforms?: PlatformImage[];
}

/** One platform's image of a multi-platform export: sizes from its manifest's descriptors. */
export interface PlatformImage {
  platform: string;
  manifest: string;
  /** Compressed bytes of its layers. */
  size: number;
  layers: number;
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
