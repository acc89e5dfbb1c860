import type { z } from 'zod';
import { readSmall, type ImageFiles } from './files.js';
import { LayoutError } from './layout-error.js';
import { choosePlatform, type PlatformWanted } from './platform.js';
import {
  archiveManifestSchema,
  imageConfigSchema,
  indexSchema,
  manifestSchema,
  type ArchiveManifestEntry,
  type Descriptor,
  type ImageConfig,
  type ImageManifest,
} from './schema.js';

// From the files of an image to its config and its layers' files, for the
// two layouts images are written in: docker save's (manifest.json naming a
// config and layer files: `<id>/layer.tar`, `blobs/sha256/<hex>`, kaniko's
// `<hex>.tar.gz`) and OCI's (index.json, then blobs by digest, down through
// nested indexes to the manifest of one platform).

const MAX_JSON = 16 * 1024 * 1024;
const SHA256_NAME = /(?:^|\/)(?:sha256[:/])?([0-9a-f]{64})(?:\.tar(?:\.gz)?)?$/;
const ATTESTATION = 'attestation-manifest';

/** An image as its layout describes it, before any layer is read. */
export interface ImageLayout {
  config: ImageConfig;
  configDigest: string | undefined;
  manifest: ImageManifest;
  manifestDigest: string | undefined;
  /** The file of each layer blob, in manifest order. */
  layerFiles: string[];
  /** What a reader should know (e.g. which of several images was taken). */
  notes: string[];
}

/** Options of reading a layout. */
export interface LayoutOpts {
  /** docker-archive: a RepoTag or `@N`; OCI: the ref.name annotation. */
  ref?: string | undefined;
  platform?: PlatformWanted | undefined;
}

/** Reads docker save's layout (manifest.json). */
export async function dockerArchiveLayout(files: ImageFiles, opts: LayoutOpts = {}): Promise<ImageLayout> {
  const entries = await readJson(files, 'manifest.json', archiveManifestSchema);
  if (!entries) throw new LayoutError('no manifest.json: not a docker save archive');
  const { entry, notes } = pickArchiveEntry(entries, opts.ref);
  const config = await readJson(files, entry.Config, imageConfigSchema);
  if (!config) throw new LayoutError(`manifest.json names config ${entry.Config}, which the archive lacks`);
  const layers: Descriptor[] = [];
  for (const [i, name] of entry.Layers.entries()) {
    const size = await files.size(name);
    if (size === undefined) throw new LayoutError(`manifest.json names layer ${name}, which the archive lacks`);
    const hex = SHA256_NAME.exec(name)?.[1];
    // docker save's `<id>/layer.tar` is the uncompressed layer: its digest is the diff ID.
    const digest = hex ? `sha256:${hex}` : config.rootfs.diff_ids[i];
    if (!digest)
      throw new LayoutError(
        `layer ${name} has no digest: the config lists ${config.rootfs.diff_ids.length} diff IDs for ${entry.Layers.length} layers`,
      );
    layers.push({ mediaType: dockerMediaType(await files.head(name, 4)), digest, size });
  }
  const configHex = SHA256_NAME.exec(entry.Config)?.[1];
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      digest: configHex ? `sha256:${configHex}` : 'sha256:unknown',
      size: (await files.size(entry.Config)) ?? 0,
    },
    layers,
  };
  checkPlatform(config, opts.platform);
  return {
    config,
    configDigest: configHex ? `sha256:${configHex}` : undefined,
    manifest,
    manifestDigest: undefined,
    layerFiles: entry.Layers,
    notes,
  };
}

/** Reads an OCI layout (index.json and blobs/), or, from `rootDigest`, a content store holding the same blobs. */
export async function ociLayout(files: ImageFiles, opts: LayoutOpts = {}, rootDigest?: string): Promise<ImageLayout> {
  const notes: string[] = [];
  let descriptor: Descriptor;
  if (rootDigest) descriptor = { digest: rootDigest, size: 0 };
  else {
    const index = await readJson(files, 'index.json', indexSchema);
    if (!index) throw new LayoutError('no index.json: not an OCI image layout');
    descriptor = pickRef(index.manifests, opts.ref, opts.platform, notes);
  }
  // Down through nested indexes to one manifest.
  for (let depth = 0; depth < 4; depth++) {
    const document = await readBlobJson(files, descriptor);
    const asIndex = indexSchema.safeParse(document);
    if (asIndex.success) {
      descriptor = choosePlatform(
        asIndex.data.manifests.filter((m) => m.annotations?.['vnd.docker.reference.type'] !== ATTESTATION),
        opts.platform,
        notes,
      );
      continue;
    }
    const manifest = manifestSchema.safeParse(document);
    if (!manifest.success)
      throw new LayoutError(`${descriptor.digest} is neither an image index nor a manifest (${firstIssue(manifest.error)})`);
    const config = imageConfigSchema.safeParse(await readBlobJson(files, manifest.data.config));
    if (!config.success)
      throw new LayoutError(`config ${manifest.data.config.digest} is not an image config (${firstIssue(config.error)})`);
    checkPlatform(config.data, opts.platform, depth > 0);
    for (const layer of manifest.data.layers) {
      if ((await files.size(blobName(layer.digest))) === undefined) throw new LayoutError(`layer blob ${layer.digest} is missing`);
    }
    return {
      config: config.data,
      configDigest: manifest.data.config.digest,
      manifest: manifest.data,
      manifestDigest: descriptor.digest,
      layerFiles: manifest.data.layers.map((l) => blobName(l.digest)),
      notes,
    };
  }
  throw new LayoutError('image indexes nest deeper than 4 levels');
}

/** The file name of a blob in an OCI layout or content store. */
export function blobName(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return `blobs/${algorithm}/${hex}`;
}

function pickArchiveEntry(entries: ArchiveManifestEntry[], ref: string | undefined): { entry: ArchiveManifestEntry; notes: string[] } {
  if (entries.length === 0) throw new LayoutError('manifest.json lists no image');
  if (ref) {
    const at = /^@(\d+)$/.exec(ref);
    const entry = at
      ? entries[Number(at[1])]
      : entries.find((e) => (e.RepoTags ?? []).some((tag) => tag === ref || tag === `${ref}:latest`));
    if (!entry) throw new LayoutError(`no image ${ref} in it (it holds ${describeTags(entries)})`, 'no-match');
    return { entry, notes: [] };
  }
  if (entries.length > 1)
    throw new LayoutError(`it holds ${entries.length} images (${describeTags(entries)}); name one as PATH:TAG or PATH:@N`, 'ambiguous');
  return { entry: entries[0] as ArchiveManifestEntry, notes: [] };
}

function describeTags(entries: ArchiveManifestEntry[]): string {
  return entries.map((e, i) => (e.RepoTags ?? []).join(', ') || `@${i}`).join('; ');
}

// The manifest or index an OCI layout's ref names (its ref.name annotation),
// else its only one, else (several, each for a platform) the platform's.
function pickRef(manifests: Descriptor[], ref: string | undefined, platform: PlatformWanted | undefined, notes: string[]): Descriptor {
  const named = (d: Descriptor): string | undefined =>
    d.annotations?.['org.opencontainers.image.ref.name'] ?? d.annotations?.['io.containerd.image.name'];
  if (ref) {
    const match = manifests.find((d) => named(d) === ref || named(d)?.endsWith(`:${ref}`));
    if (!match)
      throw new LayoutError(
        `no image named ${ref} in index.json (names: ${manifests.map(named).filter(Boolean).join(', ') || 'none'})`,
        'no-match',
      );
    return match;
  }
  const first = manifests[0];
  if (!first) throw new LayoutError('index.json lists no image');
  if (manifests.length === 1) return first;
  if (manifests.every((d) => d.platform)) return choosePlatform(manifests, platform, notes);
  throw new LayoutError(
    `index.json lists ${manifests.length} images (${manifests.map((d) => named(d) ?? d.digest).join(', ')}); name one as PATH:NAME`,
    'ambiguous',
  );
}

function checkPlatform(config: ImageConfig, wanted: PlatformWanted | undefined, chosen = false): void {
  if (!wanted || chosen || !config.architecture) return;
  if (config.architecture !== wanted.architecture || (config.os ?? 'linux') !== wanted.os) {
    throw new LayoutError(
      `the image is ${config.os ?? 'linux'}/${config.architecture} only, not ${wanted.os}/${wanted.architecture}`,
      'no-match',
    );
  }
}

function dockerMediaType(head: Buffer): string {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'application/vnd.docker.image.rootfs.diff.tar.gzip';
  if (head.length >= 4 && head.readUInt32BE(0) === 0x28b52ffd) return 'application/vnd.docker.image.rootfs.diff.tar.zstd';
  return 'application/vnd.docker.image.rootfs.diff.tar';
}

async function readBlobJson(files: ImageFiles, descriptor: Descriptor): Promise<unknown> {
  const bytes = await readSmall(files, blobName(descriptor.digest), MAX_JSON);
  if (!bytes) throw new LayoutError(`blob ${descriptor.digest} is missing`);
  return parseJson(bytes, descriptor.digest);
}

async function readJson<T extends z.ZodType>(files: ImageFiles, name: string, schema: T): Promise<z.infer<T> | undefined> {
  const bytes = await readSmall(files, name, MAX_JSON);
  if (!bytes) return undefined;
  const parsed = schema.safeParse(parseJson(bytes, name));
  if (!parsed.success) throw new LayoutError(`${name} is not what it should be (${firstIssue(parsed.error)})`);
  return parsed.data;
}

function parseJson(bytes: Buffer, name: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new LayoutError(`${name} is not JSON`, 'not-image', { cause: error });
  }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'document'}: ${issue.message}` : 'invalid';
}
