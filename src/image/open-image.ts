import { stat } from 'node:fs/promises';
import { errorMessage } from '../core/errors.js';
import { assembleImage } from './assemble.js';
import { EngineApi } from './engine-api.js';
import { openEngineImage } from './engine-source.js';
import { ImageNotFoundError, ImageSourceError, ImageUnreadableError } from './errors.js';
import { ArchiveFiles, DirectoryFiles, type ImageFiles } from './files.js';
import { dockerArchiveLayout, ociLayout, type ImageLayout, type LayoutOpts } from './layout.js';
import { LayoutError } from './layout-error.js';
import { parsePlatform, type PlatformWanted } from './platform.js';
import { parseImageSource, type ImageSource } from './source.js';
import { TarIndexError } from './tar-index.js';
import type { OpenedImage } from './types.js';

// One entry point from a source name to an opened image. Every failure
// becomes one of the image errors, whose message names the source as given.

/** Options of opening an image. */
export interface OpenImageOpts {
  /** `os/arch[/variant]`; default the engine's (docker:) or this machine's. */
  platform?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Content store roots for docker: sources ([] reads through docker save only). */
  contentDirs?: readonly string[];
}

/** Opens an image from a containers-transports name (or a parsed source). */
export async function openImage(name: string | ImageSource, opts: OpenImageOpts = {}): Promise<OpenedImage> {
  const source = typeof name === 'string' ? parseImageSource(name) : name;
  const platform = wantedPlatform(opts.platform, source);
  try {
    if (source.transport === 'docker') {
      return await openEngineImage(source, await EngineApi.fromEnv(opts.env), { platform, contentDirs: opts.contentDirs });
    }
    const files = await openFiles(source);
    try {
      const layout = await readLayout(source, files, { ref: source.ref, platform });
      return await assembleImage(source, files, layout);
    } catch (error) {
      await files.close();
      throw error;
    }
  } catch (error) {
    throw asImageError(source, error);
  }
}

function wantedPlatform(text: string | undefined, source: ImageSource): PlatformWanted | undefined {
  if (text === undefined) return undefined;
  const platform = parsePlatform(text);
  if (!platform) throw new ImageSourceError(`${source.name}: "${text}" is not a platform (expected os/arch[/variant], e.g. linux/arm64)`);
  return platform;
}

async function openFiles(source: ImageSource & { path: string }): Promise<ImageFiles> {
  let info;
  try {
    info = await stat(source.path);
  } catch (error) {
    throw new ImageNotFoundError(`${source.name}: no such ${source.transport === 'oci-dir' ? 'directory' : 'file'} ${source.path}`, {
      cause: error,
    });
  }
  if (source.transport === 'oci-dir') {
    if (!info.isDirectory())
      throw new ImageSourceError(`${source.name}: ${source.path} is not a directory (an OCI archive file is oci-archive:PATH)`);
    return new DirectoryFiles(source.path);
  }
  if (info.isDirectory()) throw new ImageSourceError(`${source.name}: ${source.path} is a directory (an OCI layout directory is oci:DIR)`);
  // A pipe or a device cannot be read at the positions an archive's index points to (and a pipe with no writer never ends).
  if (!info.isFile()) throw new ImageSourceError(`${source.name}: ${source.path} is not a regular file (save the archive to a file first)`);
  return ArchiveFiles.open(source.path);
}

// docker-archive is docker save's layout; an OCI archive named docker-archive (or the reverse) is read as what it is.
async function readLayout(source: ImageSource, files: ImageFiles, opts: LayoutOpts): Promise<ImageLayout> {
  const hasManifest = (await files.size('manifest.json')) !== undefined;
  const hasIndex = (await files.size('index.json')) !== undefined;
  if (!hasManifest && !hasIndex) throw new LayoutError('no manifest.json or index.json: not an image archive');
  if (source.transport === 'docker-archive' ? hasManifest : !hasIndex) return dockerArchiveLayout(files, opts);
  return ociLayout(files, opts);
}

function asImageError(source: ImageSource, error: unknown): Error {
  if (error instanceof ImageSourceError || error instanceof ImageNotFoundError || error instanceof ImageUnreadableError) return error;
  if (error instanceof LayoutError) {
    if (error.kind === 'ambiguous') return new ImageSourceError(`${source.name}: ${error.message}`, { cause: error });
    if (error.kind === 'no-match') return new ImageNotFoundError(`${source.name}: ${error.message}`, { cause: error });
    return new ImageUnreadableError(`${source.name}: ${error.message}`, { cause: error });
  }
  if (error instanceof TarIndexError)
    return new ImageUnreadableError(`${source.name}: not an image archive (${error.message})`, { cause: error });
  if (error instanceof Error && error.name.endsWith('Error') && 'exitCode' in error) return error;
  return new ImageUnreadableError(`${source.name}: ${errorMessage(error)}`, { cause: error });
}
