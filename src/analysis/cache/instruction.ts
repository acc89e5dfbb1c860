// What a step's instruction says that cache diagnosis needs: its keyword and
// the variables it references (the paths a COPY reads: dockerfile/instruction-args).

/** Keyword of an instruction text ("RUN", "COPY", ...). */
export function keywordOf(instruction: string): string {
  return (/^\s*(\S+)/.exec(instruction)?.[1] ?? '').toUpperCase();
}

/** Variable names an instruction references ($NAME, ${NAME}, ${NAME:-x}). */
export function referencedVariables(instruction: string): string[] {
  const names = new Set<string>();
  for (const m of instruction.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) if (m[1]) names.add(m[1]);
  return [...names];
}
