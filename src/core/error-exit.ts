import { BuildlensError, errorMessage, UsageError } from './errors.js';

// The one place an error becomes a line on stderr and an exit code, for
// `build` and every other command alike.

/** Prints what went wrong in one line (the stack only under BUILDLENS_DEBUG) and returns the exit code. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof BuildlensError) {
    if (!(error instanceof UsageError) || error.message) process.stderr.write(`buildlens: ${error.message}\n`);
    if (process.env.BUILDLENS_DEBUG && error.cause) process.stderr.write(`${String((error.cause as Error).stack ?? error.cause)}\n`);
    return error.exitCode;
  }
  process.stderr.write(`buildlens: internal error: ${errorMessage(error)}\n`);
  if (process.env.BUILDLENS_DEBUG && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  return 1;
}
