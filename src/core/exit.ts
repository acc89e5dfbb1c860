// Exits once everything written to stdout and stderr has left the process.
// On a pipe Node writes asynchronously, and process.exit() drops what is
// still queued: `buildlens history --json | jq` would get the first 64 KiB.

function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    // A write's callback runs after every earlier write has been handed to the OS.
    if (stream.destroyed || !stream.writable) resolve();
    else stream.write('', () => resolve());
  });
}

/** Waits for stdout and stderr to drain (at most `withinMs`, when given), then exits with `code`. */
export async function exitWhenFlushed(code: number, withinMs?: number): Promise<never> {
  const flushed = Promise.all([drained(process.stdout), drained(process.stderr)]);
  // After a signal a reader that stopped reading (`| head`) must not keep the process alive.
  await (withinMs === undefined ? flushed : Promise.race([flushed, new Promise((resolve) => setTimeout(resolve, withinMs).unref())]));
  process.exit(code);
}
