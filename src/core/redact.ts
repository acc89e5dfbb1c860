import { isSecretName } from './secret-names.js';

// Build-arg values that may be secret must never reach output. BuildKit
// interpolates them into vertex names, error messages and logs, so any text
// taken from there passes through a redactor built from the values buildlens
// knows of. Which values: every value of an arg whose name looks like a
// credential (NPM_TOKEN), and every other value that could be one (6
// characters or more, not a number, version or boolean). `V=1`, `N=0` or
// `DEBUG=true` are not masked: masking "1" everywhere turned `#1 [internal]`
// into `#*** [internal]`. A value of 8 characters or more is masked wherever
// it appears (inside a word it still leaks); a shorter one as a whole token.

const MASK = '***';
const PLAIN = /^(?:\d+(?:[._-]\d+)*|v?\d+(?:\.\d+)+(?:[-+][\w.]+)?|true|false|yes|no|on|off)$/i;

/** A function that masks every known secret-ish value in a text. */
export type Redactor = (text: string) => string;

/** Of these build args, the values that must be masked wherever they appear. */
export function valuesToMask(args: Iterable<{ name: string; value?: string | undefined }>): string[] {
  const out = new Set<string>();
  for (const { name, value } of args) {
    if (!value) continue;
    if (isSecretName(name) || (value.length >= 6 && !PLAIN.test(value))) out.add(value);
  }
  return [...out];
}

/** Builds a redactor for the given values (longest first): long ones anywhere, short ones as whole tokens. */
export function makeRedactor(values: Iterable<string>): Redactor {
  const unique = [...new Set([...values].filter((v) => v.length > 0))].sort((a, b) => b.length - a.length);
  if (unique.length === 0) return (text) => text;
  const long = unique.filter((v) => v.length >= 8).map(escapeRegExp);
  const short = unique.filter((v) => v.length < 8).map(escapeRegExp);
  const parts: string[] = [];
  if (long.length > 0) parts.push(long.join('|'));
  if (short.length > 0) parts.push(`(?<![A-Za-z0-9_])(?:${short.join('|')})(?![A-Za-z0-9_])`);
  const pattern = new RegExp(parts.join('|'), 'g');
  return (text) => text.replace(pattern, MASK);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
