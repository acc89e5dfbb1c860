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
