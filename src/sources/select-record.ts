import { dirname, relative } from 'node:path';
import { buildArgNamesOf } from '../buildkit/frontend-attrs.js';
import type { HistoryRecord } from '../buildkit/types.js';
import { parseErrorDetails } from '../collect/error-details.js';
import { debug } from '../core/log.js';

// Which history record is meant, in one place: the newest finished build
// (`last`), the record of a run buildx wrote no build ref for (a failed run,
// or a --push on a builder of several nodes), and the earlier build a
// record's cache misses are compared with.

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
      ? `this directory's ${choice.goneFromHistory === 1 ? 'build is' : `${choice.goneFromHistory} builds are`} no longer in the ` +
        `builder's history`
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

/** What is known of a run whose record is sought: when it ran, what it asked for, how it ended. */
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
  /** buildx's exit code: a failed run's record has an error, a successful one's none. */
  exitCode: number;
  /** `--platform` as given (empty: the builder's default). */
  platforms?: readonly string[] | undefined;
  /** `-t` names: an image exporter of the record names one of them. */
  tags?: readonly string[] | undefined;
  /** What buildx printed after ERROR (the failed run's error message). */
  errorText?: string | undefined;
  /** Refs buildx's own local state ties to this run's context directory (see buildx-refs.ts). */
  localRefs?: readonly string[] | undefined;
}

/** A history record and the node whose history holds it. */
export interface NodeRecord {
  node: string;
  record: HistoryRecord;
}

/** One ref that could be the run's, with what was seen of it. */
export interface Candidate {
  ref: string;
  nodes: string[];
  createdAt?: Date;
  status: 'success' | 'failed' | 'running';
  error?: string;
}

/** The outcome of a look-up: the ref when one fits (and what told it apart); else every candidate left and what was compared. */
export type RunMatch =
  | { found: string; nodes: string[]; matchedBy: string[] }
  | { found?: undefined; candidates: Candidate[]; comparedBy: string[] };

// A test narrows the candidates only when it keeps at least one: evidence a
// record lacks (no error source, no exporter) never rules it out alone.
interface Narrowing {
  what: string;
  applies: boolean;
  keep: (records: NodeRecord[]) => boolean;
}

/**
 * The one ref that fits a run. Records of one ref on several nodes (a build
 * of several platforms on a multi-node builder) are one candidate. First what
 * every candidate must share with the run (created while it ran, the same
 * Dockerfile name, target and build-arg names); then, while several remain,
 * each further fact the run knows narrows them.
 */
export function matchRunRecord(records: readonly NodeRecord[], run: RunQuery): RunMatch {
  const byRef = groupByRef(records.filter((r) => sharesRequest(r.record, run, 0)));
  // A second of slack only helps a builder whose clock lags.
  let candidates = byRef.size > 0 ? byRef : groupByRef(records.filter((r) => sharesRequest(r.record, run, 1000)));
  const compared = ['start time', 'Dockerfile name, target and build-arg names'];
  const matchedBy = [...compared];
  for (const step of narrowings(run)) {
    if (candidates.size <= 1) break;
    if (!step.applies) continue;
    compared.push(step.what);
    const kept = new Map([...candidates].filter(([, recs]) => step.keep(recs)));
    if (kept.size > 0 && kept.size < candidates.size) {
      candidates = kept;
      matchedBy.push(step.what);
    }
  }
  debug(`history lookup: ${candidates.size} candidate ref(s) after ${matchedBy.join(', ')}`);
  const [only] = [...candidates];
  if (candidates.size === 1 && only) return { found: only[0], nodes: only[1].map((r) => r.node), matchedBy };
  return { candidates: [...candidates].map(([ref, recs]) => candidateOf(ref, recs)), comparedBy: compared };
}

function groupByRef(records: NodeRecord[]): Map<string, NodeRecord[]> {
  const out = new Map<string, NodeRecord[]>();
  for (const r of records) out.set(r.record.ref, [...(out.get(r.record.ref) ?? []), r]);
  return out;
}

// Created while the run ran, from the same Dockerfile name, target and build-arg names.
function sharesRequest(record: HistoryRecord, run: RunQuery, slackMs: number): boolean {
  const created = record.createdAt?.getTime() ?? 0;
  if (created < run.startedAt.getTime() - slackMs || created > run.completedAt.getTime()) return false;
  const attrs = record.frontendAttrs;
  if ((attrs.filename ?? 'Dockerfile') !== run.dockerfileName && run.dockerfileName !== '-') return false;
  if ((attrs.target ?? '') !== (run.target ?? '')) return false;
  const sent = run.buildArgs.filter((a) => a.value !== undefined).map((a) => a.name);
  const args = buildArgNamesOf(Object.keys(attrs));
  return args.every((a) => run.buildArgs.some((b) => b.name === a)) && sent.every((a) => args.includes(a));
}

function narrowings(run: RunQuery): Narrowing[] {
  const failed = run.exitCode !== 0;
  const ended = run.completedAt.getTime() + 1000;
  const platforms = new Set(run.platforms ?? []);
  const repositories = new Set((run.tags ?? []).map(repository));
  const local = new Set(run.localRefs ?? []);
  return [
    // buildx's own record of which ref it started for this context directory.
    {
      what: "buildx's local state of the context directory",
      applies: local.size > 0,
      keep: (recs) => recs.some((r) => local.has(r.record.ref)),
    },
    // buildx exits after the build ends: a build still running later is another's (a failed one may be finalized late).
    {
      what: 'end time',
      applies: true,
      keep: (recs) => recs.every((r) => (r.record.completedAt?.getTime() ?? (failed ? 0 : Infinity)) <= ended),
    },
    {
      what: failed ? 'outcome (failed)' : 'outcome (succeeded)',
      applies: true,
      keep: (recs) => recs.some((r) => (failed ? r.record.error !== undefined || !r.record.completedAt : !r.record.error)),
    },
    {
      what: 'platforms',
      applies: platforms.size > 0,
      keep: (recs) => recs.every((r) => (r.record.frontendAttrs.platform ?? '').split(',').every((p) => p === '' || platforms.has(p))),
    },
    // Named images (-t) or none: a push of several platforms names the repository only (push-by-digest).
    {
      what: 'image names',
      applies: true,
      keep: (recs) =>
        recs.some((r) =>
          repositories.size === 0
            ? exportedNames(r.record).length === 0
            : exportedNames(r.record).some((n) => repositories.has(repository(n))),
        ),
    },
    {
      what: 'build-arg values',
      applies: run.buildArgs.length > 0,
      keep: (recs) => recs.every((r) => run.buildArgs.every((a) => r.record.frontendAttrs[`build-arg:${a.name}`] === a.value)),
    },
    // A failed build's record may be finalized after buildx exits: until then it cannot be ruled out by what it will say.
    // Only a Dockerfile the record kept and that differs rules it out (BuildKit v0.26 keeps none in the record's error).
    {
      what: 'Dockerfile text',
      applies: failed && run.dockerfileText !== undefined,
      keep: (recs) => recs.some((r) => [undefined, run.dockerfileText].includes(failingText(r.record))),
    },
    {
      what: 'error message',
      applies: failed && run.errorText !== undefined,
      keep: (recs) =>
        recs.some((r) => !r.record.completedAt || (r.record.error !== undefined && (run.errorText ?? '').includes(r.record.error.message))),
    },
  ];
}

// The names an image exporter of the record was given (`name=a,b`).
function exportedNames(record: HistoryRecord): string[] {
  return record.exporters
    .flatMap((e) => (e.attrs['name'] ?? '').split(','))
    .map((n) => n.trim())
    .filter(Boolean);
}

// An image name without its tag or digest, docker.io's defaults spelled out or not.
function repository(name: string): string {
  const bare = name.replace(/@.*$/, '').replace(/:[^:/]*$/, '');
  return bare.replace(/^(docker\.io|index\.docker\.io)\//, '').replace(/^library\//, '');
}

// The Dockerfile a failed build kept in its error's source detail.
function failingText(record: HistoryRecord): string | undefined {
  return record.error ? parseErrorDetails(record.error).dockerfile?.text : undefined;
}

function candidateOf(ref: string, records: NodeRecord[]): Candidate {
  const first = records[0]?.record;
  const error = records.find((r) => r.record.error)?.record.error?.message;
  const candidate: Candidate = {
    ref,
    nodes: records.map((r) => r.node),
    status: error !== undefined ? 'failed' : records.every((r) => r.record.completedAt) ? 'success' : 'running',
  };
  if (first?.createdAt) candidate.createdAt = first.createdAt;
  if (error !== undefined) candidate.error = error;
  return candidate;
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
