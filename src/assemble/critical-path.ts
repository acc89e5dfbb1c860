import type { VertexState } from '../collect/progress.js';

// The chain of vertices that decided the build's wall time: start from the
// vertex that finished last and walk back through the input that finished
// last, until a vertex with no timed inputs.

/** Vertex digests on the critical path, first to last, restricted to those `keep` accepts. */
export function criticalPath(vertexes: Map<string, VertexState>, keep: (digest: string) => boolean): string[] {
  let current: VertexState | undefined;
  for (const v of vertexes.values()) {
    if (!v.completed || !keep(v.digest)) continue;
    if (!current || (current.completed?.getTime() ?? 0) < v.completed.getTime()) current = v;
  }
  const chain: string[] = [];
  const seen = new Set<string>();
  while (current && !seen.has(current.digest)) {
    seen.add(current.digest);
    if (keep(current.digest)) chain.push(current.digest);
    let next: VertexState | undefined;
    for (const input of current.inputs) {
      const candidate = vertexes.get(input);
      if (candidate?.completed && (!next || (next.completed?.getTime() ?? 0) < candidate.completed.getTime())) next = candidate;
    }
    current = next;
  }
  return chain.reverse();
}
