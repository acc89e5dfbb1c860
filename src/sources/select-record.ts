import { buildArgNamesOf } from '../buildkit/frontend-attrs.js';
import type { HistoryRecord } from '../buildkit/types.js';
import { parseErrorDetails } from '../collect/error-details.js';
import { debug } from '../core/log.js';

// Which history record is meant, in one place: the newest finished build
// (`last`), the record of a run buildx wrote no metadata for, and the earlier
// build a record's cache misses are compared with.

/** The newest finished build (records come newest first). */
export function latestFinished(records: readonly HistoryRecord[]): HistoryRecord | undefined {
  return records.find((r) => r.completedAt !== undefined);
}

/** What identifies a build buildx was just asked for, before it has a record of its own. */
export interface StartedRunQuery {
  since: Date;
  dockerfileName: string;
  target?: string;
}

/** Whether a started record is plausibly the build buildx just began (to follow it live; the metadata file has the final word). */
export function matchesStartedRun(record: HistoryRecord, want: StartedRunQuery): boolean {
  const created = record.createdAt?.getTime() ?? 0;
  if (created < want.since.getTime() - 250) return false;
  if ((record.frontendAttrs.filename ?? 'Dockerfile') !== want.dockerfileName) return false;
  return (record.frontendAttrs.target ?? '') === (want.target ?? '');
}

/** What is known of a run whose record is sought: when it ran, and what it asked for. */
export interface RunQuery {
  startedAt: Date;
  completedAt: Date;
  /** The Dockerfile's base name as buildx sends it (`filename`), or "-" for stdin. */
  dockerfileName: string;
  target?: string | undefined;
  /** Build args buildx sent, with their values (compared here only; they go nowhere). */
  buildArgs: ReadonlyArray<{ name: string; value?: string }>;
  /** The Dockerfile text, to tell concurrent look-alike failing builds apart. */
  dockerfileText?: string | undefined;
}

/** The one record that fits a run: same Dockerfile, target and args, created during it; undefined when none or several fit. */
export function matchRunRecord(records: readonly HistoryRecord[], run: RunQuery): string | undefined {
  const sent = run.buildArgs.filter((a) => a.value !== undefined).map((a) => a.name);
  // Strictly inside the run first; a second of slack only helps a builder whose clock lags.
  const inWindow = (slackMs: number) =>
    records.filter((r) => {
      const created = r.createdAt?.getTime() ?? 0;
      if (created < run.startedAt.getTime() - slackMs || created > run.completedAt.getTime()) return false;
      const attrs = r.frontendAttrs;
      if ((attrs.filename ?? 'Dockerfile') !== run.dockerfileName && run.dockerfileName !== '-') return false;
      if ((attrs.target ?? '') !== (run.target ?? '')) return false;
      const args = buildArgNamesOf(Object.keys(attrs));
      return args.every((a) => run.buildArgs.some((b) => b.name === a)) && sent.every((a) => args.includes(a));
    });
  let candidates = inWindow(0);
  if (candidates.length === 0) candidates = inWindow(1000);
  if (candidates.length > 1) {
    // Concurrent look-alike builds: keep those whose arg values and failing
    // Dockerfile (kept in the error's source detail) are this run's.
    candidates = candidates.filter((r) => {
      const argsMatch = run.buildArgs.every((a) => r.frontendAttrs[`build-arg:${a.name}`] === a.value);
      const source = r.error ? parseErrorDetails(r.error).dockerfile?.text : undefined;
      return argsMatch && (run.dockerfileText === undefined || source === undefined || source === run.dockerfileText);
    });
  }
  debug(`history lookup: ${candidates.length} candidate record(s)`);
  return candidates.length === 1 ? candidates[0]?.ref : undefined;
}

/** The newest earlier finished build with the same Dockerfile name, target and platforms. */
export function comparableInHistory(records: readonly HistoryRecord[], current: HistoryRecord | undefined): HistoryRecord | undefined {
  if (!current?.createdAt) return undefined;
  const created = current.createdAt.getTime();
  const key = (r: HistoryRecord) =>
    [r.frontendAttrs.filename ?? 'Dockerfile', r.frontendAttrs.target ?? '', r.frontendAttrs.platform ?? ''].join('\u0000');
  return records
    .filter((r) => r.ref !== current.ref && r.completedAt && (r.createdAt?.getTime() ?? 0) < created && key(r) === key(current))
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
}
