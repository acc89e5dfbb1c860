import type { Finding } from './report.js';

// What fixing findings saves, added up without counting the same bytes or the
// same re-run twice. A pure function of the findings, so every renderer shows
// the same totals without reaching into the rules.

// Which bytes a rule's savings measure. Findings on one line in one pool
// measure the same bytes (count the largest once); different pools are
// disjoint by construction (a path deleted later is waste, one still present
// is a cache, docs or a toolchain) and add up. Context bytes are transfer,
// not image bytes, but still bytes a user saves.
const BYTE_POOL: Record<string, string> = {
  BL001: 'wasted',
  BL002: 'caches',
  BL004: 'toolchain',
  BL005: 'dev-dependencies',
  BL008: 'context',
  BL012: 'docs',
};

/** Per Dockerfile line, what fixing its findings saves: bytes summed over disjoint pools, time counted once. */
export function savingsByLine(findings: Finding[]): Map<number, { bytes: number; ms: number }> {
  const pooled = new Map<string, number>();
  const ms = new Map<number, number>();
  for (const f of findings) {
    if (f.savingsBytes) {
      const key = `${f.line}\0${BYTE_POOL[f.rule] ?? f.rule}`;
      pooled.set(key, Math.max(pooled.get(key) ?? 0, f.savingsBytes));
    }
    // Every time saving is the same re-run of one step: count it once per line.
    if (f.savingsMs) ms.set(f.line, Math.max(ms.get(f.line) ?? 0, f.savingsMs));
  }
  const out = new Map<number, { bytes: number; ms: number }>();
  for (const f of findings) out.set(f.line, { bytes: 0, ms: ms.get(f.line) ?? 0 });
  for (const [key, bytes] of pooled) {
    const entry = out.get(Number(key.split('\0')[0]));
    if (entry) entry.bytes += bytes;
  }
  return out;
}

/** What fixing every finding saves, without counting the same bytes or the same re-run twice. */
export function totalSavings(findings: Finding[]): { bytes: number; ms: number } {
  let bytes = 0;
  let ms = 0;
  for (const line of savingsByLine(findings).values()) {
    bytes += line.bytes;
    ms += line.ms;
  }
  return { bytes, ms };
}
