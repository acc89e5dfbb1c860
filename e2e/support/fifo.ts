import { execFileSync } from 'node:child_process';

// Node has no mkfifo; the coreutils one makes the fifo a test context needs.

/** Creates a named pipe at path. */
export function mkfifoSync(path: string): void {
  execFileSync('mkfifo', [path]);
}
