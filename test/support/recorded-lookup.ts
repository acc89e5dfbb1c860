import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryRecord } from '../../src/buildkit/types.js';
import type { RunQuery } from '../../src/sources/select-record.js';

// The fixtures scripts/record-fixtures-lookup.ts recorded from BuildKit
// v0.26.3: runs buildx named no ref for, every record the builder kept of
// them, and buildx's local state of their context directories.

const root = new URL('../fixtures/', import.meta.url);

/** A run as recorded: what buildlens would know of it. */
export interface RecordedRun {
  name: string;
  startedAt: string;
  completedAt: string;
  exitCode: number;
  args: string[];
  dockerfile: string;
  errorLines: string[];
  ref?: string;
}

/** buildx's local state as recorded: node → ref → context (CONTEXT-<run>), Dockerfile, file time. */
export type RecordedLocalState = Record<string, Record<string, { LocalPath: string; DockerfilePath: string; mtime: string }>>;

function json<T>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, root), 'utf8')) as T;
}

/** The records a fixture kept (records.json, or one node's record.json), times as dates. */
export function recordedRecords(path: string): HistoryRecord[] {
  const value = JSON.parse(readFileSync(new URL(path, root), 'utf8'), (key, v: unknown) =>
    (key === 'createdAt' || key === 'completedAt') && typeof v === 'string' ? new Date(v) : v,
  ) as HistoryRecord | HistoryRecord[];
  return Array.isArray(value) ? value : [value];
}

/** The runs of a fixture (runs.json or run.json). */
export function recordedRuns(path: string): RecordedRun[] {
  const value = json<RecordedRun | RecordedRun[]>(path);
  return Array.isArray(value) ? value : [value];
}

/** The local state of a fixture. */
export function recordedLocalState(path: string): RecordedLocalState {
  return json<RecordedLocalState>(path);
}

/** The ref whose local state names the run's context: which record is the run's. */
export function refOfRun(state: RecordedLocalState, run: string): string | undefined {
  for (const refs of Object.values(state)) for (const [ref, s] of Object.entries(refs)) if (s.LocalPath === `CONTEXT-${run}`) return ref;
  return undefined;
}

/** What buildlens knows of a run, as the matcher's query (without local state). */
export function queryOf(run: RecordedRun): RunQuery {
  const args = run.args;
  const valueOf = (flag: string) => args.flatMap((a, i) => (a === flag && args[i + 1] !== undefined ? [args[i + 1] as string] : []));
  return {
    startedAt: new Date(run.startedAt),
    completedAt: new Date(run.completedAt),
    dockerfileName: 'Dockerfile',
    buildArgs: valueOf('--build-arg').map((a) => ({ name: a.split('=')[0] ?? a, value: a.slice(a.indexOf('=') + 1) })),
    dockerfileText: run.dockerfile,
    exitCode: run.exitCode,
    platforms: valueOf('--platform').flatMap((p) => p.split(',')),
    tags: valueOf('-t'),
    ...(run.errorLines.length > 0 ? { errorText: run.errorLines.join('\n') } : {}),
  };
}

/**
 * buildx's local state laid out again as buildx keeps it, in a temporary
 * BUILDX_CONFIG (refs/BUILDER/NODE/REF, with the recorded file times), and a
 * directory standing for each run's context. Returns the config dir and the
 * context directory of each run.
 */
export function writeLocalState(state: RecordedLocalState, builder: string): { config: string; contexts: Map<string, string> } {
  const config = mkdtempSync(join(tmpdir(), 'buildlens-buildx-config-'));
  const contexts = new Map<string, string>();
  for (const [node, refs] of Object.entries(state)) {
    mkdirSync(join(config, 'refs', builder, node), { recursive: true });
    for (const [ref, s] of Object.entries(refs)) {
      const run = s.LocalPath.replace(/^CONTEXT-/, '');
      const dir = contexts.get(run) ?? join(config, 'contexts', run);
      mkdirSync(dir, { recursive: true });
      contexts.set(run, dir);
      const path = join(config, 'refs', builder, node, ref);
      writeFileSync(path, JSON.stringify({ Target: 'default', LocalPath: dir, DockerfilePath: s.DockerfilePath }));
      const time = new Date(s.mtime);
      utimesSync(path, time, time);
    }
  }
  return { config, contexts };
}
