// Go's filepath.Match (Unix flavour) compiled to a RegExp: the wildcard
// language of Dockerfile COPY/ADD sources, where BuildKit matches each path
// component with filepath.Match:
// https://github.com/golang/go/blob/go1.22.0/src/path/filepath/match.go
// https://github.com/tonistiigi/fsutil/blob/master/copy/copy.go (ResolveWildcards)
// Differences from shell globs: no "**", no braces, "[^...]" negates while
// "[!...]" does not, and a backslash escapes the next character.

/** Whether a pattern has any of Go's wildcard characters. */
export function hasGoWildcards(pattern: string): boolean {
  return /[*?[\\]/.test(pattern);
}

function literal(char: string): string {
  return `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}`;
}

/** A RegExp matching exactly what filepath.Match would, or null for a malformed pattern (Go's ErrBadPattern). */
export function compileGoPattern(pattern: string): RegExp | null {
  const chars = Array.from(pattern);
  let source = '';
  let i = 0;
  // Reads one possibly escaped class character; undefined marks a malformed class.
  const classChar = (): string | undefined => {
    let char = chars[i];
    if (char === undefined || char === '-' || char === ']') return undefined;
    if (char === '\\') {
      i += 1;
      char = chars[i];
      if (char === undefined) return undefined;
    }
    i += 1;
    // Go rejects a class that ends without its closing bracket.
    return i < chars.length ? char : undefined;
  };
  while (i < chars.length) {
    const char = chars[i] ?? '';
    if (char === '*') {
      source += '[^/]*';
      i += 1;
    } else if (char === '?') {
      source += '[^/]';
      i += 1;
    } else if (char === '\\') {
      const next = chars[i + 1];
      if (next === undefined) return null;
      source += literal(next);
      i += 2;
    } else if (char === '[') {
      i += 1;
      let negated = false;
      if (chars[i] === '^') {
        negated = true;
        i += 1;
      }
      let ranges = '';
      for (let count = 0; ; count++) {
        if (chars[i] === ']' && count > 0) {
          i += 1;
          break;
        }
        const lo = classChar();
        if (lo === undefined) return null;
        let hi = lo;
        if (chars[i] === '-') {
          i += 1;
          const end = classChar();
          if (end === undefined) return null;
          hi = end;
        }
        // An inverted range (z-a) matches nothing in Go; JS would reject it.
        if ((lo.codePointAt(0) ?? 0) <= (hi.codePointAt(0) ?? 0)) ranges += `${literal(lo)}-${literal(hi)}`;
      }
      source += ranges === '' ? (negated ? '[^]' : '[]') : `[${negated ? '^' : ''}${ranges}]`;
    } else {
      source += literal(char);
      i += 1;
    }
  }
  return new RegExp(`^${source}$`, 'su');
}
