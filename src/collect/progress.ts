import type { ProgressUpdate, VertexUpdate, VertexWarningUpdate } from '../buildkit/types.js';

// Folds the progress stream (live Status or the replayed logs blob) into one
// state per vertex. Memory is bounded: only the last lines of each vertex's
// output are kept.

const LOG_LINES_KEPT = 40;

/** Everything the stream said about one vertex. */
export interface VertexState extends VertexUpdate {
  /** Last lines of the vertex's output (stdout and stderr interleaved). */
  logTail: string[];
  logBytes: number;
  /** Bytes reported by "transferring" statuses (build context uploads). */
  transferredBytes?: number;
}

/** Accumulates progress updates. */
export class ProgressCollector {
  readonly vertexes = new Map<string, VertexState>();
  readonly warnings: VertexWarningUpdate[] = [];
  private partialLines = new Map<string, string>();

  /** Applies one update; returns the digests of vertexes it changed. */
  apply(update: ProgressUpdate): string[] {
    const changed = new Set<string>();
    for (const v of update.vertexes) {
      const prev = this.vertexes.get(v.digest);
      // Later messages carry the full vertex; keep what an earlier one knew if a later one omits it.
      const next: VertexState = { ...prev, ...v, logTail: prev?.logTail ?? [], logBytes: prev?.logBytes ?? 0 };
      if (!v.started && prev?.started) next.started = prev.started;
      if (!v.completed && prev?.completed) next.completed = prev.completed;
      // A step restored from --cache-from says cached once, then sends lazy
      // updates without it (BuildKit v0.2x): once cached, it stays cached.
      if (prev?.cached) next.cached = true;
      if (prev?.transferredBytes !== undefined) next.transferredBytes = prev.transferredBytes;
      this.vertexes.set(v.digest, next);
      changed.add(v.digest);
    }
    for (const s of update.statuses) {
      const vertex = this.vertexes.get(s.vertex);
      if (vertex && /^transferring/.test(s.name) && Number.isFinite(s.current)) {
        vertex.transferredBytes = Math.max(vertex.transferredBytes ?? 0, s.current);
        changed.add(s.vertex);
      }
    }
    for (const log of update.logs) {
      const vertex = this.vertexes.get(log.vertex);
      if (!vertex) continue;
      vertex.logBytes += log.data.length;
      const text = (this.partialLines.get(log.vertex) ?? '') + log.data.toString('utf8');
      const lines = text.split(/\r?\n/);
      this.partialLines.set(log.vertex, (lines.pop() ?? '').slice(-4096));
      for (const line of lines) vertex.logTail.push(line.slice(0, 2000));
      if (vertex.logTail.length > LOG_LINES_KEPT) vertex.logTail.splice(0, vertex.logTail.length - LOG_LINES_KEPT);
      changed.add(log.vertex);
    }
    this.warnings.push(...update.warnings);
    return [...changed];
  }

  /**
   * Takes in what another collector folded (another node's stream of the same
   * build): its vertexes, unless this one has the same digest already (an
   * identical internal step, such as loading the context), and its warnings.
   */
  absorb(other: ProgressCollector): void {
    for (const [digest, vertex] of other.vertexes) if (!this.vertexes.has(digest)) this.vertexes.set(digest, vertex);
    this.warnings.push(...other.warnings);
  }

  /** Flushes unterminated last lines into the tails (call once the stream ended). */
  finish(): void {
    for (const [digest, rest] of this.partialLines) {
      const vertex = this.vertexes.get(digest);
      if (vertex && rest) vertex.logTail.push(rest);
    }
    this.partialLines.clear();
  }
}
