// Tar entry names as they appear in layer blobs ("./usr/bin/x", "/etc/y",
// "app/.wh.old") turned into image-root-relative paths and whiteout markers.
// A name that climbs out of the root is refused, never resolved against
// anything: a layer is untrusted input.

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** Normalises a tar name: strips leading ./ and /, resolves . and inner .., refuses names escaping the root. */
export function normalizeTarPath(name: string): string | undefined {
  // Fast path: most names in real layers need nothing but a leading "./" or "/" removed.
  let start = 0;
  while (name.startsWith('./', start) || name.startsWith('/', start)) start += name.startsWith('./', start) ? 2 : 1;
  const trimmed = name.endsWith('/') ? name.slice(start, -1) : name.slice(start);
  if (!trimmed.includes('/.') && !trimmed.startsWith('.') && !trimmed.includes('//')) return trimmed;
  const parts: string[] = [];
  for (const part of trimmed.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
      continue;
    }
    parts.push(part);
  }
  return parts.join('/');
}

/** What a normalised path means in the OCI layer format. */
export type LayerPathKind = { kind: 'opaque'; dir: string } | { kind: 'whiteout'; target: string } | { kind: 'entry' };

/** Classifies a normalised path as an opaque-dir marker, a whiteout of a sibling, or an ordinary entry. */
export function classifyLayerPath(path: string): LayerPathKind {
  const slash = path.lastIndexOf('/');
  if (!path.startsWith(WHITEOUT, slash + 1)) return { kind: 'entry' };
  const parent = slash < 0 ? '' : path.slice(0, slash);
  const base = path.slice(slash + 1);
  if (base === OPAQUE) return { kind: 'opaque', dir: parent };
  const name = base.slice(WHITEOUT.length);
  // ".wh." alone, or another ".wh..wh.*" marker: nothing a lower layer could hold.
  if (name === '' || name.startsWith(WHITEOUT)) return { kind: 'entry' };
  return { kind: 'whiteout', target: parent === '' ? name : `${parent}/${name}` };
}

/** The directory holding a path ("" for a top-level path). */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}
