// JSON read from outside (CLI output, config files written by other tools):
// unparseable text is "nothing", and the caller's zod schema decides the rest.

/** Parses JSON text, or undefined when it is not JSON. */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
