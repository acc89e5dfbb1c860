import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

// Direct access to the engine's containerd content store (root only): image
// manifests read from their blobs, and a blob corrupted in place and put back.

// containerd configs that name the content store's root: the one dockerd
// starts itself, then a system containerd's.
const CONTAINERD_CONFIGS = ['/var/run/docker/containerd/containerd.toml', '/etc/containerd/config.toml'];
const DEFAULT_ROOTS = ['/var/lib/docker/containerd/daemon', '/var/lib/containerd'];

// An OCI descriptor as manifests and indexes list them.
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os?: string; architecture?: string };
  annotations?: Record<string, string>;
}

// containerd roots on this machine, configured ones first.
export function contentStoreRoots(): string[] {
  const roots: string[] = [];
  for (const config of CONTAINERD_CONFIGS) {
    if (!existsSync(config)) continue;
    const root = /^\s*root\s*=\s*"([^"]+)"/m.exec(readFileSync(config, 'utf8'))?.[1];
    if (root) roots.push(root);
  }
  return [...new Set([...roots, ...DEFAULT_ROOTS])];
}

// The file holding a blob; throws when no content store has it.
export function blobPath(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  if (!algorithm || !hex) throw new Error(`not a digest: ${digest}`);
  const roots = contentStoreRoots();
  for (const root of roots) {
    const path = join(root, 'io.containerd.content.v1.content', 'blobs', algorithm, hex);
    if (existsSync(path)) return path;
  }
  throw new Error(`blob ${digest} is in none of the content stores (${roots.join(', ')})`);
}

function readJsonBlob(digest: string): any {
  return JSON.parse(readFileSync(blobPath(digest), 'utf8'));
}

// The layers of an image by its index or manifest digest (`docker image
// inspect` .Id under the containerd image store), base first.
export function imageLayers(imageDigest: string): Descriptor[] {
  let manifest = readJsonBlob(imageDigest);
  if (Array.isArray(manifest.manifests)) {
    const image = (manifest.manifests as Descriptor[]).find(
      (d) => d.platform?.os !== 'unknown' && d.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest',
    );
    if (!image) throw new Error(`index ${imageDigest} lists no image manifest`);
    manifest = readJsonBlob(image.digest);
  }
  if (!Array.isArray(manifest.layers)) throw new Error(`manifest of ${imageDigest} lists no layers`);
  return manifest.layers as Descriptor[];
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

// A blob whose middle was overwritten; restore() writes the original bytes back.
export interface CorruptedBlob {
  digest: string;
  path: string;
  restore(): void;
}

const corrupted = new Map<string, CorruptedBlob>();

function writeAt(path: string, data: Uint8Array, position: number): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, data, 0, data.length, position);
  } finally {
    closeSync(fd);
  }
}

// Overwrites `bytes` bytes in the middle of a blob with zeros, in place (same
// file, same size). Refuses a blob that does not match its digest already.
export function corruptBlob(digest: string, bytes = 64 * 1024): CorruptedBlob {
  const path = blobPath(digest);
  const original = readFileSync(path);
  if (`sha256:${sha256Hex(original)}` !== digest) throw new Error(`${path} does not match ${digest} before corrupting it`);
  if (original.length < bytes * 2) throw new Error(`${digest} is too small (${original.length} bytes) to corrupt its middle`);
  const blob: CorruptedBlob = {
    digest,
    path,
    restore() {
      if (!corrupted.delete(digest)) return;
      writeAt(path, original, 0);
      if (`sha256:${sha256Hex(readFileSync(path))}` !== digest) throw new Error(`${path} could not be restored to ${digest}`);
    },
  };
  corrupted.set(digest, blob);
  writeAt(path, Buffer.alloc(bytes), Math.floor((original.length - bytes) / 2));
  return blob;
}

// Puts back every blob still corrupted (idempotent); call before removing the image.
export function restoreCorruptedBlobs(): void {
  for (const blob of [...corrupted.values()]) blob.restore();
}
