// Images from files, directories and the local engine: their config,
// manifest and layers, each layer streamed as its uncompressed tar.

export { openImage, type OpenImageOpts } from './open-image.js';
export { parseImageSource, type ImageSource } from './source.js';
export { ImageNotFoundError, ImageSourceError, ImageUnreadableError, EngineUnreachableError } from './errors.js';
export type { ImageLayer, OpenedImage } from './types.js';
export type { ImageConfig, ImageManifest, HistoryEntry } from './schema.js';
