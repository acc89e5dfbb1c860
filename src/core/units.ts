import { UsageError } from './errors.js';

// Parsers for the sizes, durations and ratios of buildlens's gate options.

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** "200MB", "1.5GiB", "500000" → bytes. */
export function parseBytes(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const factor = m ? SIZE_UNITS[(m[2] ?? '').toLowerCase()] : undefined;
  if (!m || factor === undefined) throw new UsageError(`${flag}: "${text}" is not a size (e.g. 200MB, 1.5GiB, 500000)`);
  return Math.round(Number(m[1]) * factor);
}

/** "90s", "2m", "1500ms", "1h" → milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m) throw new UsageError(`${flag}: "${text}" is not a duration (e.g. 90s, 2m, 1500ms)`);
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's'] ?? 1000;
  return Number(m[1]) * factor;
}

// A plain decimal with an optional "%": Number() alone would take "", " ",
// "0x10" and "1e3" as numbers.
const DECIMAL_PERCENT = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%)?\s*$/;

/** "0.8" or "80%" → 0.8. */
export function parseRatio(text: string, flag: string): number {
  const m = DECIMAL_PERCENT.exec(text);
  const ratio = m ? Number(m[1]) / (m[2] ? 100 : 1) : Number.NaN;
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1)
    throw new UsageError(`${flag}: "${text}" is not a ratio between 0 and 1 (or 0% and 100%)`);
  return ratio;
}

/** "10%" or "10" → 10 (percent). */
export function parsePercent(text: string, flag: string): number {
  const m = DECIMAL_PERCENT.exec(text);
  const value = m ? Number(m[1]) : Number.NaN;
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`${flag}: "${text}" is not a percentage (e.g. 10%)`);
  return value;
}
