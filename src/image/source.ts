import { ImageSourceError } from './errors.js';

// Image source names as containers-transports spell them (skopeo, podman,
// syft): `docker-archive:PATH[:REF]`, `oci-archive:PATH[:REF]`,
// `oci:PATH[:REF]` (also `oci-dir:`), `docker-daemon:NAME` or `docker:NAME`
// for the local engine, and a bare reference for the local engine too. A bare
// `name:tag` looks like `transport:rest`; a reference's tag never holds a
// slash and never starts the rest with `/` or `.`, which tells them apart.

/** A parsed image source. */
export type ImageSource =
  | { transport: 'docker-archive' | 'oci-archive' | 'oci-dir'; path: string; ref?: string; name: string }
  | { transport: 'docker'; ref: string; name: string };

const FILE_TRANSPORTS: Record<string, 'docker-archive' | 'oci-archive' | 'oci-dir'> = {
  'docker-archive': 'docker-archive',
  'oci-archive': 'oci-archive',
  oci: 'oci-dir',
  'oci-dir': 'oci-dir',
};
const ENGINE_TRANSPORTS = new Set(['docker', 'docker-daemon']);
// Transports other tools know that buildlens does not read: named, so the error says so.
const OTHER_TRANSPORTS = new Set([
  'containers-storage',
  'dir',
  'tarball',
  'sif',
  'ostree',
  'registry',
  'podman',
  'singularity',
  'file',
  'http',
  'https',
]);
const REFERENCE =
  /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?::\d+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$|^(?:sha256:)?[0-9a-f]{12,64}$/;

/** Parses a source name; throws ImageSourceError with one line on anything it cannot read. */
export function parseImageSource(name: string): ImageSource {
  const text = name.trim();
  if (text === '') throw new ImageSourceError('no image given (expected a reference, docker-archive:PATH, oci-archive:PATH or oci:DIR)');
  const colon = text.indexOf(':');
  const prefix = colon < 0 ? '' : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  const file = FILE_TRANSPORTS[prefix];
  if (file) return fileSource(file, rest, text);
  if (ENGINE_TRANSPORTS.has(prefix)) {
    if (rest.startsWith('//'))
      throw new ImageSourceError(`${text}: registries are not read; pull the image first and name it without "//"`);
    if (!REFERENCE.test(rest)) throw new ImageSourceError(`${text}: "${rest}" is not an image reference`);
    return { transport: 'docker', ref: rest, name: text };
  }
  // Another tool's transport wins over an image of the same name, as in skopeo.
  if (OTHER_TRANSPORTS.has(prefix))
    throw new ImageSourceError(
      `${text}: the ${prefix}: transport is not supported (use docker-archive:, oci-archive:, oci: or an engine reference)`,
    );
  if (REFERENCE.test(text)) return { transport: 'docker', ref: text, name: text };
  if (/^[a-z][a-z0-9-]*$/.test(prefix) && (rest.startsWith('/') || rest.startsWith('.') || rest.includes('/'))) {
    throw new ImageSourceError(`${text}: unknown transport "${prefix}:" (use docker-archive:, oci-archive:, oci: or an engine reference)`);
  }
  throw new ImageSourceError(`${text}: not an image reference nor a transport:path name`);
}

// PATH[:REF]: the first colon splits off a reference (which may hold colons itself), as in skopeo.
function fileSource(transport: 'docker-archive' | 'oci-archive' | 'oci-dir', rest: string, name: string): ImageSource {
  const split = rest.indexOf(':');
  const hasRef = split > 0 && rest.slice(split + 1) !== '';
  const path = hasRef ? rest.slice(0, split) : rest;
  if (path === '') throw new ImageSourceError(`${name}: no path after "${transport}:"`);
  return hasRef ? { transport, path, ref: rest.slice(split + 1), name } : { transport, path, name };
}
