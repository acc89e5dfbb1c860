import { rmSync } from 'node:fs';

// Temp dirs that must not outlive the process (the gRPC bridge's socket dir):
// each is removed by its owner when done, and whatever is still listed when
// the process exits, by a normal end or by process.exit() after a signal, is
// removed then, synchronously, since no await runs in an exit handler.
// A signal the process does not handle (SIGKILL) leaves it: the signal
// handlers (buildx/signals.ts, cli.ts) turn SIGINT/SIGTERM into an exit.

const owned = new Set<string>();
let hooked = false;

/** Lists a temp dir to remove at exit if its owner has not; returns what unlists it (after the owner removed it). */
export function removeAtExit(dir: string): () => void {
  if (!hooked) {
    hooked = true;
    process.on('exit', removeOwnedNow);
  }
  owned.add(dir);
  return () => owned.delete(dir);
}

/** Removes every listed dir now (the exit handler; exported for tests). */
export function removeOwnedNow(): void {
  for (const dir of owned) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Exiting: nothing left to tell.
    }
    owned.delete(dir);
  }
}
