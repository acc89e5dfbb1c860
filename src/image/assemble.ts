import { compressionOfMagic } from '../layers/decompress.js';
import type { ImageFiles } from './files.js';
import { alignHistory } from './history.js';
import type { ImageLayout } from './layout.js';
import { uncompressedTar } from './layer-stream.js';
import type { ImageSource } from './source.js';
import type { ImageLayer, OpenedImage } from './types.js';

// An opened image from its files and layout, whatever the transport: each
// layer's compression is read from its first bytes (media types are not
// always right), and opening a layer streams its file through the digest
// check and the decompressor.

/** Options of assembling an image. */
export interface AssembleOpts {
  /** Where a file is stored, for a source read front to back. */
  position?: (name: string) => number;
  notes?: string[];
}

/** Builds the opened image. */
export async function assembleImage(
  source: ImageSource,
  files: ImageFiles,
  layout: ImageLayout,
  opts: AssembleOpts = {},
): Promise<OpenedImage> {
  const { config, manifest } = layout;
  const history = alignHistory(config.history, manifest.layers.length);
  const count = manifest.layers.length;
  const layers: ImageLayer[] = [];
  for (const [index, descriptor] of manifest.layers.entries()) {
    const name = layout.layerFiles[index] as string;
    const compression = compressionOfMagic(await files.head(name, 4));
    const label = `layer ${index + 1} of ${count} (${descriptor.digest.slice(0, 19)}) of ${source.name}`;
    layers.push({
      index,
      digest: descriptor.digest,
      diffId: config.rootfs.diff_ids[index],
      mediaType: descriptor.mediaType ?? 'application/vnd.oci.image.layer.v1.tar',
      size: descriptor.size,
      compression,
      history: history.layers[index] ?? { entry: undefined, before: [] },
      open: async () => uncompressedTar(files.open(name), descriptor.digest, descriptor.size, compression, label),
      openBlob: async () => files.open(name),
    });
  }
  const position = opts.position;
  const readOrder = position
    ? layers
        .map((l) => l.index)
        .sort((a, b) => position(layout.layerFiles[a] as string) - position(layout.layerFiles[b] as string) || a - b)
    : undefined;
  const notes = [...(opts.notes ?? []), ...layout.notes];
  if (history.note) notes.push(history.note);
  return {
    source,
    config,
    configDigest: layout.configDigest,
    manifest,
    manifestDigest: layout.manifestDigest,
    platform: { os: config.os ?? 'linux', architecture: config.architecture ?? 'unknown', variant: config.variant },
    layers,
    history,
    readOrder,
    notes,
    close: () => files.close(),
  };
}
