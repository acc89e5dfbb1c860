// The frontend attributes BuildKit keeps in a history record: `filename`,
// `target`, `platform`, `no-cache`, and one `build-arg:NAME` per build arg.
// Values of build args are secrets until proven otherwise: callers compare
// them or mask them, and never print them.

const BUILD_ARG = 'build-arg:';

/** The build args of a record's frontend attributes, by name. */
export function buildArgsOf(attrs: Readonly<Record<string, string>>): Record<string, string> {
  const args: Record<string, string> = {};
  for (const [key, value] of Object.entries(attrs)) if (key.startsWith(BUILD_ARG)) args[key.slice(BUILD_ARG.length)] = value;
  return args;
}

/** The names of the build args in frontend attributes (or in provenance's parameter list). */
export function buildArgNamesOf(keys: Iterable<string>): string[] {
  return [...keys].filter((k) => k.startsWith(BUILD_ARG)).map((k) => k.slice(BUILD_ARG.length));
}
