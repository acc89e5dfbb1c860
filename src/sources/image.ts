import type { Readable } from 'node:stream';
import type { AttributedLayer, LocatedImage } from '../collect/image-layers.js';
import { ProgressCollector } from '../collect/progress.js';
import { openImage, type OpenedImage } from '../image/index.js';
import type { Step } from '../model/report.js';
import { imageLines, type ImageLines } from './image-lines.js';
import type { BlobReader, BuildEvidence, ReportSource } from './source.js';

// An image read directly, built here or not (dive's job): a containers-
// transports name (a reference in the local engine, docker-archive:,
// oci-archive:, oci:). Its evidence has no provenance and no progress: the
// layers come from the image's manifest, tied to Dockerfile lines by its
// history (sources/image-lines.ts), and each layer is read as its
// uncompressed tar, checked against its digest as it streams.

/** Options of an image source. */
export interface ImageSourceOptions {
  /** `os/arch[/variant]` of a multi-platform image (default: the engine's, or this machine's). */
  platform?: string | undefined;
  /** The Dockerfile the image was built from, to tie layers to its lines. */
  dockerfile?: { path: string; text: string } | undefined;
  target?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

// The reader hands the analysis each layer's uncompressed, digest-checked tar.
const TAR = 'application/vnd.oci.image.layer.v1.tar';

/** An image source; `close()` releases the image once the report is made. */
export interface OpenImageSource extends ReportSource {
  readonly image: OpenedImage;
  /** Each layer's uncompressed tar by digest, checked as it streams. */
  readonly blobs: BlobReader;
  /** Errors met reading layers (a corrupt or truncated blob): the report is not to be trusted when there are any. */
  readonly readErrors: Error[];
  close(): Promise<void>;
}

/** Opens the image (throws the image errors: usage for a bad name or a missing image, unreadable for a broken one). */
export async function imageSource(name: string, opts: ImageSourceOptions = {}): Promise<OpenImageSource> {
  const image = await openImage(name, { platform: opts.platform, ...(opts.env ? { env: opts.env } : {}) });
  const readErrors: Error[] = [];
  const byDigest = new Map(image.layers.map((l) => [l.digest, l]));
  const blobs: BlobReader = async (digest) => {
    const layer = byDigest.get(digest);
    if (!layer) throw new Error(`${digest} is not a layer of ${image.source.name}`);
    const stream: Readable = await layer.open();
    stream.on('error', (error) => readErrors.push(error));
    return stream;
  };
  return {
    kind: 'image',
    image,
    blobs,
    readErrors,
    close: () => image.close(),
    async collect(): Promise<BuildEvidence> {
      return evidenceOf(image, imageLines(image.history, opts.dockerfile, opts.target), blobs, opts.target);
    },
  };
}

function evidenceOf(image: OpenedImage, lines: ImageLines, blobs: BlobReader, target: string | undefined): BuildEvidence {
  const platform = [image.platform.os, image.platform.architecture, image.platform.variant].filter(Boolean).join('/');
  const steps: Step[] = [];
  const layers: AttributedLayer[] = image.layers.map((layer, index) => {
    const tied = lines.layers[index];
    const attributed: AttributedLayer = {
      descriptor: { mediaType: TAR, digest: layer.digest, size: layer.size, annotations: {} },
      base: tied?.base ?? false,
    };
    const createdBy = layer.history.entry?.created_by;
    if (tied?.instruction) attributed.createdBy = tied.instruction.text;
    else if (createdBy !== undefined) attributed.createdBy = createdBy;
    if (tied?.line && !tied.base) {
      const id = `layer-${index + 1}`;
      attributed.step = id;
      steps.push({
        id,
        stage: tied.line.stage,
        instruction: tied.line.text,
        line: tied.line.line,
        endLine: tied.line.endLine,
        cached: false,
        durationMs: 0,
      });
    }
    return attributed;
  });
  const located: LocatedImage = { layers, from: 'manifest', complete: true, platform };
  if (image.manifestDigest) located.manifest = image.manifestDigest;
  if (image.readOrder) located.readOrder = image.readOrder;
  const notes = image.notes.map((message) => ({ topic: 'image', message }));
  if (lines.baseBy === 'first-layer' && layers.length > 1)
    notes.push({
      topic: 'image',
      message:
        'the base image could not be told apart (no Dockerfile, no CMD or ENTRYPOINT in the history): only the first layer counts as base, as dive counts it',
    });
  if (lines.unmatched > 0)
    notes.push({
      topic: 'lines',
      message: `${lines.unmatched} layer(s) could not be tied to a line of ${lines.dockerfile.path}: their history matches no instruction of its final stage`,
    });
  const created = image.config.created ? new Date(image.config.created) : undefined;
  const buildArgNames = [...new Set(lines.layers.flatMap((l) => l.instruction?.buildArgNames ?? []))].sort();
  const evidence: BuildEvidence = {
    kind: 'image',
    ref: image.source.name,
    builder: { name: image.source.transport, driver: 'image' },
    progress: new ProgressCollector(),
    blobs,
    dockerfile: lines.dockerfile,
    platforms: [platform],
    buildArgNames,
    secretValues: [],
    notes,
    image: { located, steps, ...(created && !Number.isNaN(created.getTime()) ? { createdAt: created } : {}) },
  };
  if (target) evidence.target = target;
  return evidence;
}
