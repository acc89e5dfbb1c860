// A FROM reference split the way registries read it: the last ':' after the
// last '/' starts the tag, so "registry:5000/team/app" has no tag.

/** An image reference: repository name, optional tag and digest. */
export interface ImageRef {
  image: string;
  tag?: string;
  digest?: string;
}

/** Splits "name:tag@digest" (a registry port is not a tag). */
export function splitImage(ref: string): ImageRef {
  const at = ref.indexOf('@');
  const nameTag = at >= 0 ? ref.slice(0, at) : ref;
  const digest = at >= 0 ? ref.slice(at + 1) : '';
  const slash = nameTag.lastIndexOf('/');
  const colon = nameTag.lastIndexOf(':');
  const out: ImageRef = colon > slash ? { image: nameTag.slice(0, colon), tag: nameTag.slice(colon + 1) } : { image: nameTag };
  if (digest) out.digest = digest;
  return out;
}
