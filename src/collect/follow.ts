import type { BuildkitClient } from '../buildkit/client.js';
import type { HistoryRecord } from '../buildkit/types.js';
import type { ProgressCollector } from './progress.js';

// Follows a build live: waits for the history STARTED event of a build that
// matches what buildx was asked to build, then streams its progress. The
// metadata file written at the end remains the final word on which ref was
// ours; this only feeds the live view.

/** What identifies the build being followed. */
export interface FollowTarget {
  since: Date;
  dockerfileName: string;
  target?: string;
}

/** Whether a started record is plausibly the build buildx just began. */
export function matchesTarget(record: HistoryRecord, want: FollowTarget): boolean {
  const created = record.createdAt?.getTime() ?? 0;
  if (created < want.since.getTime() - 250) return false;
  if ((record.frontendAttrs.filename ?? 'Dockerfile') !== want.dockerfileName) return false;
  return (record.frontendAttrs.target ?? '') === (want.target ?? '');
}

/** Streams the matching build's progress into the collector; resolves with its ref when the stream ends or is aborted. */
export async function followBuild(
  client: BuildkitClient,
  want: FollowTarget,
  collector: ProgressCollector,
  onChange: (digests: string[]) => void,
  signal: AbortSignal,
): Promise<string | undefined> {
  let ref: string | undefined;
  for await (const event of client.history({ activeOnly: true }, signal)) {
    if (event.type === 'started' && matchesTarget(event.record, want)) {
      ref = event.record.ref;
      break;
    }
  }
  if (!ref || signal.aborted) return ref;
  for await (const update of client.status(ref, signal)) onChange(collector.apply(update));
  return ref;
}
