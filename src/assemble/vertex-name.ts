// BuildKit's Dockerfile frontend names step vertices "[stage k/n] INSTR ..."
// (with a platform in front for multi-platform builds, "[linux/arm64 stage k/n]"),
// and internal ones "[internal] ...", "exporting to image", and so on.

/** What a vertex name says about its origin. */
export type ParsedVertexName =
  | { kind: 'step'; platform?: string; stage: string; index: number; count: number; rest: string }
  | { kind: 'internal'; category: 'context' | 'metadata' | 'export' | 'other' };

// Single-stage builds leave the stage out: "[2/3] RUN ...".
const STEP = /^\[(?:([a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9.]+)?) )?(?:(\S+) )?(\d+)\/(\d+)\] ?(.*)$/s;

/** Classifies a vertex by its name. */
export function parseVertexName(name: string): ParsedVertexName {
  const m = STEP.exec(name);
  if (m && m[2] !== 'internal') {
    const parsed: ParsedVertexName = { kind: 'step', stage: m[2] ?? 'stage-0', index: Number(m[3]), count: Number(m[4]), rest: m[5] ?? '' };
    if (m[1]) parsed.platform = m[1];
    return parsed;
  }
  // Multi-platform builds prefix internal vertices too: "[linux/amd64 internal] load metadata ...".
  const bare = name.replace(/^\[[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9.]+)? (internal|auth)\]/, '[$1]');
  if (/^\[internal\] load build context/.test(bare) || /^\[context \S+\] load/.test(bare)) return { kind: 'internal', category: 'context' };
  if (/^\[internal\] load|^\[auth\]|^resolve image config|^\[internal\] helper image/.test(bare))
    return { kind: 'internal', category: 'metadata' };
  if (
    /^exporting|^writing image|^naming to|^unpacking|^sending tarball|^importing to docker|^pushing|^exporting cache|^preparing layers|^exporting attestation/.test(
      name,
    )
  ) {
    return { kind: 'internal', category: 'export' };
  }
  return { kind: 'internal', category: 'other' };
}
