// What a step's instruction says that cache diagnosis needs: its keyword,
// the context paths a COPY/ADD reads, and the variables it references.

/** Keyword of an instruction text ("RUN", "COPY", ...). */
export function keywordOf(instruction: string): string {
  return (/^\s*(\S+)/.exec(instruction)?.[1] ?? '').toUpperCase();
}

/** Context sources of a COPY/ADD (none when it copies --from another stage or image). */
export function copySources(instruction: string): string[] {
  const keyword = keywordOf(instruction);
  if (keyword !== 'COPY' && keyword !== 'ADD') return [];
  const body = instruction.replace(/\\\r?\n/g, ' ').replace(/^\s*\S+\s*/, '');
  const words = body.trim().startsWith('[') ? parseJsonArray(body.trim()) : body.trim().split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  if (flags.some((f) => f.startsWith('--from='))) return [];
  const paths = words.filter((w) => !w.startsWith('--'));
  return paths.slice(0, -1).filter((p) => !/^[a-z]+:\/\//.test(p));
}

/** Variable names an instruction references ($NAME, ${NAME}, ${NAME:-x}). */
export function referencedVariables(instruction: string): string[] {
  const names = new Set<string>();
  for (const m of instruction.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) if (m[1]) names.add(m[1]);
  return [...names];
}

function parseJsonArray(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
