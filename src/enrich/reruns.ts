import type { BuildRecord } from '../build-records/index.js';
import { instructionKey } from '../dockerfile/instruction-key.js';
import type { Report } from '../model/report.js';

// What buildlens's own records say about re-runs: which instructions missed
// the cache in this build (kept with its record), and, over the recent
// comparable builds, how often each re-ran because files copied before it
// changed (what BL007's time savings are measured from).

const RECENT_BUILDS = 20;

/** Re-runs of one instruction over the recent comparable builds. */
export type RerunHistory = Record<string, { reran: number; builds: number }>;

/** Each miss with the root cause of its chain (parent-missed followed to the first miss). */
export function missedWithRoots(report: Report): NonNullable<BuildRecord['missed']> {
  const misses = report.cacheMisses ?? [];
  const byLine = new Map(misses.map((m) => [m.line, m]));
  return misses.map((m) => {
    let root = m;
    for (let hops = 0; root.cause === 'parent-missed' && hops < misses.length; hops++) {
      const parentLine = root.details.parentLine;
      const parent = parentLine !== undefined ? byLine.get(parentLine) : undefined;
      if (!parent) break;
      root = parent;
    }
    return { instruction: instructionKey(m.instruction ?? ''), cause: m.cause, rootCause: root.cause };
  });
}

/**
 * Per instruction: how often it re-ran because copied files changed, over the
 * recent builds comparable with `current` up to and including it (so a later
 * report of the same build counts the same builds).
 */
export function recentReruns(records: readonly BuildRecord[], current: BuildRecord): RerunHistory {
  const upTo = Date.parse(current.startedAt);
  const byRef = new Map(records.map((r) => [r.ref, r]));
  byRef.set(current.ref, current);
  const recent = [...byRef.values()]
    .filter(
      (r) =>
        r.builder === current.builder &&
        r.dockerfile === current.dockerfile &&
        (r.target ?? '') === (current.target ?? '') &&
        Date.parse(r.startedAt) <= upTo,
    )
    .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))
    .slice(0, RECENT_BUILDS);
  const history: RerunHistory = {};
  for (const record of recent) {
    for (const miss of record.missed ?? []) {
      if (miss.cause !== 'parent-missed' || miss.rootCause !== 'context-files-changed') continue;
      const entry = (history[miss.instruction] ??= { reran: 0, builds: recent.length });
      entry.reran++;
    }
  }
  return history;
}
