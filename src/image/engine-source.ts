import { join } from 'node:path';
import { assembleImage } from './assemble.js';
import type { EngineApi } from './engine-api.js';
import { DirectoryFiles } from './files.js';
import { dockerArchiveLayout, ociLayout } from './layout.js';
import { LayoutError } from './layout-error.js';
import { enginePlatform, type PlatformWanted } from './platform.js';
import type { ImageSource } from './source.js';
import { StreamedArchiveFiles } from './stream-files.js';
import type { OpenedImage } from './types.js';

// An image in the local engine's store. With the containerd image store the
// image's ID is its index or manifest digest, and every blob lies in the
// engine's containerd content store (under its data root, as /info tells):
// when this user can read it, the image is read from there in place (no
// `docker save`, any order; blobs are checked against their digests as they
// stream). Otherwise (the classic store, a remote engine, no permission)
// `docker save`'s stream is read as a docker-archive, front to back.

/** Options of reading from the engine. */
export interface EngineSourceOpts {
  platform?: PlatformWanted | undefined;
  /** Content store roots to try; [] turns reading in place off (default: BUILDLENS_CONTENT_DIR, else dockerd's). */
  contentDirs?: readonly string[] | undefined;
}

/** Opens an image from the engine. */
export async function openEngineImage(
  source: ImageSource & { transport: 'docker' },
  api: EngineApi,
  opts: EngineSourceOpts,
): Promise<OpenedImage> {
  const image = await api.inspect(source.ref);
  const platform = opts.platform ?? (await enginePlatformOf(api));
  const notes: string[] = [];
  if (api.endpoint.kind === 'unix') {
    for (const dir of opts.contentDirs ?? (await contentDirs(api))) {
      const files = new DirectoryFiles(dir);
      if ((await files.size(`blobs/${image.Id.replace(':', '/')}`)) === undefined) continue;
      try {
        return await assembleImage(source, files, await ociLayout(files, { platform }, image.Id), { notes });
      } catch (error) {
        // A platform asked for that the image lacks is the user's answer; anything else (a blob the store let go) falls back to docker save.
        if (error instanceof LayoutError && error.kind === 'no-match') throw error;
        notes.push(
          `read through docker save: the content store at ${dir} could not serve it (${error instanceof Error ? error.message : String(error)})`,
        );
      }
    }
  }
  const files = await StreamedArchiveFiles.scan(() => api.save(image.Id));
  try {
    return await assembleImage(source, files, await dockerArchiveLayout(files, { platform }), {
      notes,
      position: (name) => files.position(name),
    });
  } catch (error) {
    await files.close();
    throw error;
  }
}

// BUILDLENS_CONTENT_DIR when set (empty: none), else the engine's own containerd content store when it has one.
async function contentDirs(api: EngineApi, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const override = env.BUILDLENS_CONTENT_DIR;
  if (override !== undefined) return override === '' ? [] : [override];
  const { rootDir, containerdStore } = await api.storage();
  return containerdStore && rootDir
    ? [join(rootDir, 'containerd', 'daemon', 'io.containerd.content.v1.content'), '/var/lib/containerd/io.containerd.content.v1.content']
    : [];
}

async function enginePlatformOf(api: EngineApi): Promise<PlatformWanted> {
  const { os, arch } = await api.platform();
  return enginePlatform(os, arch);
}
