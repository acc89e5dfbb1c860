import type { CacheMiss, Report } from '../model/report.js';
import { duration, lines, oneLine } from '../core/format.js';
import { redactInstruction } from '../dockerfile/redact-instruction.js';
import { rerunWallTime } from '../analysis/cache/cost.js';

// Cache misses in words: one line per miss saying why, and the cost of the
// steps that re-ran although they had been cached before.

/** Why one step missed, as a short clause. */
export function missReason(miss: CacheMiss): string {
  switch (miss.cause) {
    case 'context-files-changed': {
      const d = miss.details;
      const files = (['modified', 'added', 'removed'] as const).flatMap((kind) => (d[kind] ?? []).map((f) => `${f} (${kind})`));
      if (files.length === 0) return `files it copies changed (which ones: ${d.files ?? 'not recorded'})`;
      const more = d.more !== undefined ? ` and ${d.more} more` : '';
      return `${files.slice(0, 5).join(', ')}${files.length > 5 ? ` and ${files.length - 5 + (d.more ?? 0)} more` : more} changed`;
    }
    case 'instruction-changed':
      return miss.details.previous
        ? `the instruction changed (was: ${oneLine(redactInstruction(miss.details.previous), 60)})`
        : 'the instruction is new';
    case 'build-arg-changed':
      return `build arg ${miss.details.args.join(', ')} changed${miss.details.note !== undefined ? ` (${miss.details.note})` : ''}`;
    case 'base-image-changed':
      return `the base image changed: ${miss.details.previous} → ${miss.details.current}`;
    case 'parent-missed':
      return `re-ran because line ${String(miss.details.parentLine)} missed`;
    case 'cache-unavailable':
    case 'unknown':
      return miss.details.reason;
  }
}

/** Wall time spent re-running steps that had been cached before (parallel steps counted once). */
export function missCost(report: Pick<Report, 'cacheMisses' | 'steps'>): number {
  return rerunWallTime(report.cacheMisses ?? [], report.steps);
}

/** The full chain for `buildlens why`. */
export function renderWhy(report: Report): string {
  const misses = report.cacheMisses ?? [];
  const out: string[] = [];
  out.push(
    `build ${report.build.ref}${report.compareRef ? ` compared with ${report.compareRef}` : ''}: ` +
      `${report.cache.cached}/${report.cache.steps} steps cached`,
  );
  if (!report.compareRef) {
    out.push(report.notes.find((n) => n.topic === 'cache')?.message ?? 'no earlier build to compare with');
    return `${out.join('\n')}\n`;
  }
  if (misses.length === 0) {
    out.push('no cache misses');
    return `${out.join('\n')}\n`;
  }
  // A build of several platforms misses per platform: say which.
  const platformOf = new Map(report.steps.map((s) => [s.id, s.platform]));
  for (const miss of misses) {
    const cost = miss.costMs ? ` (${duration(miss.costMs)})` : '';
    const marker = miss.root ? '*' : ' ';
    const platform = platformOf.get(miss.step);
    out.push(
      `${marker} ${lines(miss.line, miss.endLine ?? miss.line).padEnd(12)} ` +
        `${oneLine(redactInstruction(miss.instruction ?? ''), 50).padEnd(50)} ${platform ? `[${platform}] ` : ''}${miss.cause}: ` +
        `${missReason(miss)}${cost}`,
    );
  }
  const cost = missCost(report);
  if (cost > 0) out.push(`re-running steps that were cached before cost ${duration(cost)}`);
  return `${out.join('\n')}\n`;
}

/** `why --json`: the ref, what it was compared with, the cache totals, the misses and the notes. */
export function renderWhyJson(report: Report): string {
  const { ref } = report.build;
  return `${JSON.stringify({ ref, compareRef: report.compareRef ?? null, cache: report.cache, cacheMisses: report.cacheMisses ?? [], notes: report.notes }, null, 2)}\n`;
}
