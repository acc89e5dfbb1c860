import type { CacheMiss, Report } from '../model/report.js';
import { duration, lines, oneLine } from '../core/format.js';
import { redactInstruction } from './redact-instruction.js';

// Cache misses in words: one line per miss saying why, and the cost of the
// steps that re-ran although they had been cached before.

/** Why one step missed, as a short clause. */
export function missReason(miss: CacheMiss): string {
  const d = miss.details;
  switch (miss.cause) {
    case 'context-files-changed': {
      const files = ['modified', 'added', 'removed'].flatMap((kind) => (Array.isArray(d[kind]) ? (d[kind] as unknown[]).map((f) => `${String(f)} (${kind})`) : []));
      if (files.length === 0) return 'files it copies changed (which ones is not recorded: the earlier build was not run through buildlens)';
      const more = typeof d.more === 'number' ? ` and ${d.more} more` : '';
      return `${files.slice(0, 5).join(', ')}${files.length > 5 ? ` and ${files.length - 5 + (typeof d.more === 'number' ? d.more : 0)} more` : more} changed`;
    }
    case 'instruction-changed':
      return d.previous ? `the instruction changed (was: ${oneLine(redactInstruction(String(d.previous)), 60)})` : 'the instruction is new';
    case 'build-arg-changed':
      return `build arg ${Array.isArray(d.args) ? d.args.join(', ') : '?'} changed${typeof d.note === 'string' ? ` (${d.note})` : ''}`;
    case 'base-image-changed':
      return `the base image changed: ${String(d.previous)} → ${String(d.current)}`;
    case 'parent-missed':
      return `re-ran because line ${String(d.parentLine)} missed`;
    case 'cache-unavailable':
      return String(d.reason ?? 'no cache was available');
    default:
      return String(d.reason ?? 'the evidence does not tell');
  }
}

/** Total time spent re-running steps that had been cached before. */
export function missCost(misses: CacheMiss[]): number {
  return misses.reduce((sum, m) => sum + (m.costMs ?? 0), 0);
}

/** The full chain for `buildlens why`. */
export function renderWhy(report: Report): string {
  const misses = report.cacheMisses ?? [];
  const out: string[] = [];
  out.push(`build ${report.build.ref}${report.compareRef ? ` compared with ${report.compareRef}` : ''}: ${report.cache.cached}/${report.cache.steps} steps cached`);
  if (!report.compareRef) {
    out.push(report.notes.find((n) => n.topic === 'cache')?.message ?? 'no earlier build to compare with');
    return `${out.join('\n')}\n`;
  }
  if (misses.length === 0) {
    out.push('no cache misses');
    return `${out.join('\n')}\n`;
  }
  for (const miss of misses) {
    const cost = miss.costMs ? ` (${duration(miss.costMs)})` : '';
    const marker = miss.root ? '*' : ' ';
    out.push(`${marker} ${lines(miss.line, miss.endLine ?? miss.line).padEnd(12)} ${oneLine(redactInstruction(miss.instruction ?? ''), 50).padEnd(50)} ${miss.cause}: ${missReason(miss)}${cost}`);
  }
  const cost = missCost(misses);
  if (cost > 0) out.push(`re-running steps that were cached before cost ${duration(cost)}`);
  return `${out.join('\n')}\n`;
}

/** `why --json`: the ref, what it was compared with, the cache totals, the misses and the notes. */
export function renderWhyJson(report: Report): string {
  const { ref } = report.build;
  return `${JSON.stringify({ ref, compareRef: report.compareRef ?? null, cache: report.cache, cacheMisses: report.cacheMisses ?? [], notes: report.notes }, null, 2)}\n`;
}
