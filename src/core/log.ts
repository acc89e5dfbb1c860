// Debug logging to stderr, on when BUILDLENS_DEBUG is set. Argv may hold
// build-arg values, so debug output is opt-in and never written to reports.

const enabled = Boolean(process.env.BUILDLENS_DEBUG);

/** Writes one debug line to stderr when BUILDLENS_DEBUG is set. */
export function debug(message: string): void {
  if (enabled) process.stderr.write(`buildlens debug +${Math.round(performance.now())}ms: ${message}\n`);
}

/** Writes one of buildlens's own notes to stderr ("buildlens: …"), e.g. which build `last` took. */
export function note(message: string): void {
  process.stderr.write(`buildlens: ${message}\n`);
}
