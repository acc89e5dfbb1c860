import { BuildlensError, UsageError } from '../core/errors.js';

// Errors of reading an image from a file, a directory or the local engine.
// Each message is one line that names the source as the user wrote it and
// what was wrong; the cause keeps the underlying error for debug output.

/** The source name itself is wrong: unknown transport, empty path or reference (exit 2). */
export class ImageSourceError extends UsageError {}

/** Nothing is where the source points: a missing file or directory, an image not in the engine's store (exit 2). */
export class ImageNotFoundError extends UsageError {}

/** What the source points at exists but is not a readable image: not an image archive, bad JSON, a corrupt or truncated layer (exit 1). */
export class ImageUnreadableError extends BuildlensError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 1, options);
  }
}

/** The local engine named by DOCKER_HOST (or the default socket) does not answer (exit 4, as for an unreachable builder). */
export class EngineUnreachableError extends BuildlensError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 4, options);
  }
}
