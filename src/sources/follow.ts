import type { BuildkitClient } from '../buildkit/client.js';
import type { ProgressCollector } from '../collect/progress.js';
import { matchesStartedRun, type StartedRunQuery } from './select-record.js';

// Follows a build live: waits for the history STARTED event of a build that
// matches what buildx was asked to build, then streams its progress. The
// metadata file written at the end remains the final word on which ref was
// ours; this only feeds the live view.

/** Streams the matching build's progress into the collector; resolves with its ref when the stream ends or is aborted. */
export async function followBuild(
  client: BuildkitClient,
  want: StartedRunQuery,
  collector: ProgressCollector,
  onChange: (digests: string[]) => void,
  signal: AbortSignal,
): Promise<string | undefined> {
  let ref: string | undefined;
  for await (const event of client.history({ activeOnly: true }, signal)) {
    if (event.type === 'started' && matchesStartedRun(event.record, want)) {
      ref = event.record.ref;
      break;
    }
  }
  if (!ref || signal.aborted) return ref;
  for await (const update of client.status(ref, signal)) onChange(collector.apply(update));
  return ref;
}
