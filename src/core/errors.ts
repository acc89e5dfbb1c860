// Typed errors and the exit code each one maps to (one exit point: core/error-exit.ts).

/** Base of every error buildlens reports as one clear line rather than a stack. */
export class BuildlensError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** A mistake in how buildlens itself was invoked (exit 2). */
export class UsageError extends BuildlensError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 2, options);
  }
}

/** The builder or its BuildKit could not be reached, or lacks a needed API (exit 4). */
export class BuilderUnreachableError extends BuildlensError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 4, options);
  }
}

/** A CI gate (budget, --fail-on) failed after a successful build (exit 3). */
export class GateFailedError extends BuildlensError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 3, options);
  }
}

/** A build or history record asked for does not exist (exit 1: nothing to report on; 4 is for a builder that cannot be reached). */
export class NotFoundError extends BuildlensError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 1, options);
  }
}

/** The build succeeded but its report directory could not be written: a CI job must not pass without its artifact. */
export class ReportNotWrittenError extends BuildlensError {
  constructor(dir: string, cause: unknown) {
    super(`the report could not be written to ${dir}: ${errorMessage(cause)}`, 1, { cause });
  }
}

/** buildlens was interrupted by a signal; exits 128 + signal number. */
export class InterruptedError extends BuildlensError {
  readonly signal: NodeJS.Signals;
  constructor(signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`, signal === 'SIGTERM' ? 143 : 130);
    this.signal = signal;
  }
}

/** Message of any thrown value, for one-line reports. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** What was thrown, as an Error. */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
