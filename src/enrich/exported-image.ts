import { z } from 'zod';
import type { BlobDescriptor, HistoryRecord } from '../buildkit/types.js';
import { errorMessage } from '../core/errors.js';
import { debug } from '../core/log.js';
import type { BlobReader } from '../sources/source.js';
import { attributeImageLayers, type LocatedImage, type PlatformImage } from '../collect/image-layers.js';
import type { ProvenanceFacts } from '../collect/provenance.js';

/** The image a report describes (defined in collect/, where sources/ may name it too). */
export type { LocatedImage, PlatformImage };

// Which image a build made: the one its exporter wrote, read from the
// manifest BuildKit keeps in history for the result (the record's result
// descriptor: an image index or a manifest). Without one (the exporter wrote
// no image, or the source cannot read it) it is the layer chain of the final
// LLB step, the input of the definition's terminal op: the last stage built,
// never merely the longest chain (a node build stage is longer than the nginx
// image it feeds). Without any exporter BuildKit computes blobs only for what
// it already had, so that chain may stop short: it is then marked incomplete.

const descriptor = z.object({ mediaType: z.string().optional(), digest: z.string(), size: z.number() });
const platformSchema = z.object({ architecture: z.string(), os: z.string(), variant: z.string().optional() });
const manifestSchema = z.object({ mediaType: z.string().optional(), layers: z.array(descriptor), config: descriptor.optional() });
const indexSchema = z.object({
  manifests: z.array(descriptor.extend({ platform: platformSchema.optional(), annotations: z.record(z.string(), z.string()).optional() })),
});

const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** The exporter's result descriptor of a record (single- or multi-platform). */
export function resultDescriptor(record: HistoryRecord | undefined): BlobDescriptor | undefined {
  return record?.result?.result ?? Object.values(record?.results ?? {}).find((r) => r.result)?.result;
}

/**
 * Whether the record says anything was exported: an exporter, or a result
 * descriptor. The exporter response is no evidence: it also carries the
 * frontend's own result metadata (`containerimage.config`) when nothing was
 * exported (seen on BuildKit v0.26.3 without --load/--push/--output).
 */
export function exportedAnything(record: HistoryRecord): boolean {
  return record.exporters.length > 0 || resultDescriptor(record) !== undefined;
}

/** Finds the image the build made; never rejects (a manifest that cannot be read falls back to the final chain). */
export async function locateImage(
  record: HistoryRecord | undefined,
  provenance: ProvenanceFacts,
  blobs: BlobReader | undefined,
): Promise<LocatedImage> {
  const exported = record ? exportedAnything(record) : undefined;
  const base: Pick<LocatedImage, 'exported' | 'platform'> = {};
  if (exported !== undefined) base.exported = exported;
  if (provenance.platform) base.platform = provenance.platform;
  const result = resultDescriptor(record);
  let problem: string | undefined;
  if (result && blobs) {
    try {
      const manifest = await imageManifest(result, provenance.platform, blobs);
      const layers = attributeImageLayers(provenance, manifest.layers);
      const located: LocatedImage = { ...base, layers, from: 'manifest', complete: true, manifest: manifest.digest };
      if (manifest.platforms.length > 1) located.platforms = manifest.platforms;
      return located;
    } catch (error) {
      problem = `the exported image's manifest could not be read (${errorMessage(error)}); its layers come from the provenance`;
      debug(problem);
    }
  }
  const chain = finalChain(provenance);
  const located: LocatedImage = {
    ...base,
    layers: attributeImageLayers(provenance, chain.layers),
    from: 'final-chain',
    complete: chain.complete,
  };
  if (problem) located.problem = problem;
  return located;
}

// The manifest of the exported image for `platform` (an index's first image
// manifest that is not an attestation when the platform is not listed).
async function imageManifest(
  result: BlobDescriptor,
  platform: string | undefined,
  blobs: BlobReader,
): Promise<{ digest: string; layers: BlobDescriptor[]; platforms: PlatformImage[] }> {
  const json = await readJson(blobs, result.digest, result.size);
  const index = indexSchema.safeParse(json);
  if (!index.success || 'layers' in (json as object))
    return { digest: result.digest, layers: manifestLayers(json, result.digest), platforms: [] };
  const images = index.data.manifests.filter((m) => m.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest');
  const chosen = images.find((m) => m.platform && platformString(m.platform) === platform) ?? images[0];
  if (!chosen) throw new Error(`the image index ${result.digest.slice(0, 19)} lists no image manifest`);
  const platforms: PlatformImage[] = [];
  let layers: BlobDescriptor[] = [];
  for (const image of images) {
    const listed = manifestLayers(await readJson(blobs, image.digest, image.size), image.digest);
    if (image === chosen) layers = listed;
    const name = image.platform ? platformString(image.platform) : 'unknown';
    platforms.push({ platform: name, manifest: image.digest, size: listed.reduce((n, l) => n + l.size, 0), layers: listed.length });
  }
  return { digest: chosen.digest, layers, platforms };
}

function manifestLayers(json: unknown, digest: string): BlobDescriptor[] {
  const manifest = manifestSchema.safeParse(json);
  if (!manifest.success) throw new Error(`${digest.slice(0, 19)} is neither an image index nor an image manifest`);
  return manifest.data.layers.map((l) => ({ mediaType: l.mediaType ?? '', digest: l.digest, size: l.size, annotations: {} }));
}

function platformString(p: z.infer<typeof platformSchema>): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

async function readJson(blobs: BlobReader, digest: string, size: number): Promise<unknown> {
  if (size > MAX_MANIFEST_BYTES) throw new Error(`${digest.slice(0, 19)} is ${size} bytes, too large for a manifest`);
  const chunks: Buffer[] = [];
  for await (const chunk of await blobs(digest, size)) chunks.push(Buffer.from(chunk as Uint8Array));
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

/**
 * The layer chain of the build's final step: the input of the LLB
 * definition's terminal op. When BuildKit recorded no layers for it (nothing
 * exported: blobs exist only for what it already had) the nearest ancestor
 * along the root filesystem input that has some stands in, marked incomplete.
 */
export function finalChain(provenance: ProvenanceFacts): { layers: BlobDescriptor[]; complete: boolean } {
  const terminal = [...provenance.steps.values()].find((s) => s.kind === 'unknown' && s.inputs.length === 1);
  let step = terminal?.inputs[0];
  let complete = true;
  const seen = new Set<string>();
  while (step && !seen.has(step)) {
    seen.add(step);
    const layers = provenance.stepLayers.get(step);
    if (layers) return { layers, complete };
    complete = false;
    step = provenance.steps.get(step)?.inputs[0];
  }
  // No terminal op (an unusual definition): the longest chain, as a last resort, never called complete.
  let longest: BlobDescriptor[] = [];
  for (const chain of provenance.stepLayers.values()) if (chain.length >= longest.length) longest = chain;
  return { layers: longest, complete: false };
}
