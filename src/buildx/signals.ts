// While buildx runs, buildlens must not die on Ctrl-C: buildx cancels the
// build on SIGINT/SIGTERM and needs time to do so, and buildlens still has a
// temp dir to remove and an exit code (130/143) to give. So the signal is
// forwarded and recorded; a second one means "stop now" and kills the child.

/** The part of a child process signal forwarding needs (an execa subprocess fits). */
export interface Killable {
  kill(signal: NodeJS.Signals): boolean;
}

/** Handle of installed forwarding; `dispose` restores the default behavior. */
export interface SignalForwarding {
  /** The first signal received, if any: the caller exits 130/143 for it. */
  readonly received: NodeJS.Signals | undefined;
  dispose(): void;
}

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** Forwards SIGINT/SIGTERM to the child; a second signal while it winds down kills it with SIGKILL. */
export function installSignalForwarding(child: Killable): SignalForwarding {
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    const first = received === undefined;
    received ??= signal;
    // kill() of a child that already exited is a harmless no-op.
    child.kill(first ? signal : 'SIGKILL');
  };
  for (const signal of FORWARDED) process.on(signal, onSignal);
  return {
    get received() {
      return received;
    },
    dispose() {
      for (const signal of FORWARDED) process.off(signal, onSignal);
    },
  };
}

/** Handle of exitOnSignal: whether a signal came, and what removes the handler. */
export interface ExitOnSignal {
  /** The signal received, if any: the work it cut short must not pass for a success. */
  readonly received: NodeJS.Signals | undefined;
  release(): void;
}

/**
 * After buildx has exited, a SIGINT/SIGTERM during reporting ends buildlens
 * the way it ends during the build: `cleanup` runs (closing the builder
 * connection and its socket bridge; at most 2 s), then exit 130/143. Without
 * this Node's default would kill the process with no exit code and leave the
 * bridge's socket behind.
 */
export function exitOnSignal(cleanup: () => Promise<void>, exit: (code: number) => void): ExitOnSignal {
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    received ??= signal;
    const code = signal === 'SIGTERM' ? 143 : 130;
    const bounded = new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref());
    void Promise.race([cleanup().catch(() => undefined), bounded]).then(() => exit(code));
  };
  for (const signal of FORWARDED) process.on(signal, onSignal);
  return {
    get received() {
      return received;
    },
    release() {
      for (const signal of FORWARDED) process.off(signal, onSignal);
    },
  };
}
