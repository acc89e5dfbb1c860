import type { Readable } from 'node:stream';
import type { LayerCompression } from '../layers/decompress.js';
import type { AlignedHistory, LayerHistory } from './history.js';
import type { ImageSource } from './source.js';
import type { ImageConfig, ImageManifest } from './schema.js';

// What an opened image offers: its config and manifest as read (validated),
// and its layers in order, each openable on its own, in any order, as often
// as needed. Nothing is read from a layer until it is opened.

/** One layer of an image. */
export interface ImageLayer {
  /** Position in the manifest, base first. */
  index: number;
  /** The blob's digest (for docker save's uncompressed `layer.tar`, the diff ID). */
  digest: string;
  /** Digest of the uncompressed tar, from the config's rootfs. */
  diffId: string | undefined;
  mediaType: string;
  /** Size of the blob as stored (compressed, when it is). */
  size: number;
  compression: LayerCompression;
  /** History entries of this layer (the one that made it, and empty ones before it). */
  history: LayerHistory;
  /** The layer's uncompressed tar, checked against its digest as it streams. */
  open(): Promise<Readable>;
  /** The blob as stored (compressed), unchecked. */
  openBlob(): Promise<Readable>;
}

/** An image opened from a source. */
export interface OpenedImage {
  source: ImageSource;
  config: ImageConfig;
  configDigest: string | undefined;
  manifest: ImageManifest;
  manifestDigest: string | undefined;
  /** The image's platform, from its config. */
  platform: { os: string; architecture: string; variant?: string | undefined };
  layers: ImageLayer[];
  history: AlignedHistory;
  /** Layer indexes in the order that reads the source once (for a source read front to back), else undefined: any order is as fast. */
  readOrder: number[] | undefined;
  /** Things a reader should know: which of several images or platforms was taken, history that does not match. */
  notes: string[];
  /** Releases open files; layers cannot be opened after. */
  close(): Promise<void>;
}
