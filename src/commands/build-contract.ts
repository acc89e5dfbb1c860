import type { BuildInvocation } from '../buildx/args.js';
import type { BuildxRun } from '../buildx/runner.js';
import type { Redactor } from '../core/redact.js';

// The typed interface between the two halves of `buildlens build`: build.ts,
// loaded before buildx is spawned, and build-session.ts (gRPC, protobuf, the
// renderers), loaded while buildx runs. Types only, so importing it costs
// nothing at start-up.

/** Everything `build` needs, converted once from argv. */
export interface BuildOptions {
  invocation: BuildInvocation;
  /** The Dockerfile as the user named it, and its text when it is a local file. */
  dockerfile: { path: string; text?: string };
  /** Masks build-arg values in anything printed. */
  redact: Redactor;
  /** Draw buildlens's own live view instead of buildx's progress. */
  live: boolean;
}

/** A running live view of a build. */
export interface LiveView {
  /** Ends the view as buildx ended: success, failed, or canceled (a signal). */
  stop(outcome: 'success' | 'failed' | 'canceled'): Promise<void>;
}

/** What the light half of `build` asks of the reporting half. */
export interface BuildSession {
  /** Starts buildlens's live view; throws when the builder cannot be resolved (before buildx runs). */
  startLiveView(): Promise<LiveView | undefined>;
  /** After buildx exits: the report, the outputs and the gates; returns the exit code. */
  finish(run: BuildxRun, how: { stderrCaptured: boolean }): Promise<number>;
  /** Closes the connection. */
  dispose(): Promise<void>;
}
