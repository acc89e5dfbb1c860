// Build-arg values must never reach output. BuildKit interpolates them into
// vertex names, error messages and logs, so any text taken from there passes
// through a redactor built from the values buildlens knows of.

const MASK = '***';

/** A function that masks every known secret-ish value in a text. */
export type Redactor = (text: string) => string;

/** Builds a redactor for the given values; short values are masked only as whole words. */
export function makeRedactor(values: Iterable<string>): Redactor {
  const unique = [...new Set([...values].filter((v) => v.length > 0))].sort((a, b) => b.length - a.length);
  if (unique.length === 0) return (text) => text;
  const long = unique.filter((v) => v.length >= 4).map(escapeRegExp);
  const short = unique.filter((v) => v.length < 4).map(escapeRegExp);
  const parts: string[] = [];
  if (long.length > 0) parts.push(long.join('|'));
  if (short.length > 0) parts.push(`(?<![\\w.-])(?:${short.join('|')})(?![\\w.-])`);
  const pattern = new RegExp(parts.join('|'), 'g');
  return (text) => text.replace(pattern, MASK);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
