import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { debug } from '../core/log.js';
import { quoteArg, redactArgv } from './argv.js';

// The one child on every build's critical path, buildx, is started with
// Node's own spawn: loading execa first would delay the start of every build
// (see BENCHMARKS.md). It needs no more than execa's start, stdio, wait and
// kill with a forced kill after a delay, which this does the same way
// (SIGKILL when a SIGTERM is not obeyed in time). Every other child goes
// through run.ts.

/** Options of an attached child. */
export interface AttachedOptions {
  stdin: 'inherit' | 'ignore';
  stderr: 'inherit' | 'pipe';
  /** The whole environment of the child (nothing of ours is added). */
  env: NodeJS.ProcessEnv;
  /** SIGKILL the child this long after a SIGTERM it has not obeyed. */
  forceKillAfterMs: number;
}

/** How an attached child ended. */
export type AttachedResult =
  | { exitCode: number; signal?: undefined; spawnError?: undefined }
  | { exitCode?: undefined; signal: NodeJS.Signals; spawnError?: undefined }
  | { exitCode?: undefined; signal?: undefined; spawnError: NodeJS.ErrnoException };

/** A child whose stdout (and stdin, stderr unless piped) are ours. */
export interface AttachedProcess {
  /** Its stderr, when piped. */
  stderr: Readable | null;
  /** Sends a signal; false when the child is gone. */
  kill(signal: NodeJS.Signals): boolean;
  /** Settles once the child has exited (or could not start); never rejects. */
  result: Promise<AttachedResult>;
}

/** Starts `file args` with our stdout, and stdin and stderr as asked. */
export function startAttached(file: string, args: readonly string[], opts: AttachedOptions): AttachedProcess {
  debug(`spawn: ${file} ${redactArgv(args).map(quoteArg).join(' ')}`);
  const child = spawn(file, args, { stdio: [opts.stdin, 'inherit', opts.stderr], env: opts.env });
  let forceKill: NodeJS.Timeout | undefined;
  const result = new Promise<AttachedResult>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      // 'error' without a pid: it never ran. With one, a failed kill: 'close' still comes.
      if (child.pid === undefined) resolve({ spawnError: error });
    });
    child.once('close', (code, signal) => {
      clearTimeout(forceKill);
      resolve(code !== null ? { exitCode: code } : { signal: signal ?? 'SIGKILL' });
    });
  });
  return {
    stderr: child.stderr,
    kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return false;
      const sent = child.kill(signal);
      if (sent && signal === 'SIGTERM' && forceKill === undefined) {
        forceKill = setTimeout(() => child.kill('SIGKILL'), opts.forceKillAfterMs);
        forceKill.unref();
      }
      return sent;
    },
    result,
  };
}
