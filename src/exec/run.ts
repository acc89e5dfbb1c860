import { execa, type Options, type ResultPromise } from 'execa';
import { debug } from '../core/log.js';
import { quoteArg, redactArgv } from './argv.js';

export { redactArgv } from './argv.js';

// The one gateway for subprocesses: every child buildlens starts goes through
// here, so argv is logged at debug level and failures are typed.

/** A subprocess that could not be run at all (not found, not executable). */
export class CommandNotFoundError extends Error {
  readonly command: string;
  constructor(command: string, options?: ErrorOptions) {
    super(`${command} was not found on the PATH`, options);
    this.name = 'CommandNotFoundError';
    this.command = command;
  }
}

/** Result of a command run to completion. */
export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion and returns its output; never rejects for a non-zero exit. */
export async function runCommand(file: string, args: readonly string[], opts: Options = {}): Promise<CommandResult> {
  debug(`exec: ${file} ${redactArgv(args).map(quoteArg).join(' ')}`);
  try {
    const result = await execa(file, args, { reject: false, stdin: 'ignore', ...opts, encoding: 'utf8' });
    if (result.failed && result.exitCode === undefined) {
      throw result.code === 'ENOENT' ? new CommandNotFoundError(file, { cause: result }) : new Error(result.message, { cause: result });
    }
    return { exitCode: result.exitCode ?? 1, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
  } catch (error) {
    if (error instanceof CommandNotFoundError) throw error;
    if (isErrnoException(error) && error.code === 'ENOENT') throw new CommandNotFoundError(file, { cause: error });
    throw error;
  }
}

/** Starts a long-running command (buildx, dial-stdio) and hands back the subprocess. */
export function startCommand<O extends Options>(file: string, args: readonly string[], opts: O): ResultPromise<{} & O> {
  debug(`spawn: ${file} ${redactArgv(args).map(quoteArg).join(' ')}`);
  return execa(file, args, opts);
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
