import { dirname, relative } from 'node:path';
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

/** What `last` needs to know of a build buildlens ran (its own record of it). */
export interface OwnBuildRef {
  ref: string;
  builder: string;
  /** Absolute path, or "-" for stdin. */
  dockerfile: string;
  contextDir: string;
  startedAt: string;
}

/** Which build `last` is, and why that one. */
export interface LastChoice {
  record: HistoryRecord;
  /** `directory`: this directory's newest build that buildlens ran; `builder`: the builder's newest. */
  kind: 'directory' | 'builder';
  /** The own record behind a `directory` choice. */
  own?: OwnBuildRef;
  /** Builds of this directory buildlens recorded, on this builder, that the builder's history no longer holds. */
  goneFromHistory: number;
  /** buildlens's own records could not be read: the builder's newest was all there was to go by. */
  ownUnknown?: true;
}

/** Whether buildlens's record is of a build of `dir`: its context, or its Dockerfile's directory. */
export function isBuildOfDirectory(own: OwnBuildRef, dir: string): boolean {
  return own.contextDir === dir || (own.dockerfile !== '-' && dirname(own.dockerfile) === dir);
}

/**
 * `last` on a builder others share is often someone else's build: the newest
 * finished build buildlens ran for this directory on this builder comes
 * first, then the builder's newest. `own` is buildlens's records, any order
 * (undefined when they could not be read).
 */
export function chooseLast(
  records: readonly HistoryRecord[],
  own: readonly OwnBuildRef[] | undefined,
  here: { dir: string; builder: string },
): LastChoice | undefined {
  const finished = new Map(records.filter((r) => r.completedAt !== undefined).map((r) => [r.ref, r]));
  const mine = (own ?? [])
    .filter((o) => o.builder === here.builder && isBuildOfDirectory(o, here.dir))
    .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
  const gone = mine.filter((o) => !records.some((r) => r.ref === o.ref)).length;
  for (const o of mine) {
    const record = finished.get(o.ref);
    if (record) return { record, kind: 'directory', own: o, goneFromHistory: gone };
  }
  const newest = latestFinished(records);
  if (!newest) return undefined;
  return { record: newest, kind: 'builder', goneFromHistory: gone, ...(own ? {} : { ownUnknown: true as const }) };
}

/** The one line that says which build `last` took, and why. */
export function describeLast(choice: LastChoice, dir: string, now: Date = new Date()): string {
  const ref = choice.record.ref;
  if (choice.kind === 'directory' && choice.own) {
    const file = choice.own.dockerfile === '-' ? 'Dockerfile from stdin' : relative(dir, choice.own.dockerfile) || choice.own.dockerfile;
    return `last: ${ref}, this directory's newest build (${file}, ${ago(Date.parse(choice.own.startedAt), now)})`;
  }
  const why = choice.ownUnknown
    ? "buildlens's records of its builds could not be read"
    : choice.goneFromHistory > 0
      ? `this directory's ${choice.goneFromHistory === 1 ? 'build is' : `${choice.goneFromHistory} builds are`} no longer in the builder's history`
      : 'none recorded for this directory';
  return `last: ${ref}, the builder's newest build; ${why}`;
}

// "started 3m ago": enough to tell one's own build from an older one.
function ago(startedMs: number, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - startedMs) / 1000));
  if (!Number.isFinite(seconds)) return 'start unknown';
  if (seconds < 90) return `started ${seconds}s ago`;
  if (seconds < 90 * 60) return `started ${Math.round(seconds / 60)}m ago`;
  if (seconds < 36 * 3600) return `started ${Math.round(seconds / 3600)}h ago`;
  return `started ${Math.round(seconds / 86400)}d ago`;
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
