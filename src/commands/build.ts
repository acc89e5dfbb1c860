import { readFile } from 'node:fs/promises';
import { join, resolve as resolvePath } from 'node:path';
import { splitBuildArgv, type BuildInvocation } from '../buildx/args.js';
import { runBuildx } from '../buildx/runner.js';
import { exitOnSignal } from '../buildx/signals.js';
import { exitWhenFlushed } from '../core/exit.js';
import { InterruptedError } from '../core/errors.js';
import { budgetHelpLines } from '../config/budgets.js';
import { isLocalContext } from '../core/build-context.js';
import { errorMessage } from '../core/errors.js';
import { prepareWritableDir } from '../core/prepare-dir.js';
import { debug } from '../core/log.js';
import { makeRedactor, valuesToMask } from '../core/redact.js';
import { REPORT_FORMATS } from '../core/report-formats.js';
import type { BuildOptions, BuildSession, LiveView } from './build-contract.js';

// `buildlens build ...`: runs `docker buildx build` with the user's arguments,
// exits with buildx's own code, and reports on the build from the builder's
// history. Reporting never changes the build's outcome: what cannot be
// collected becomes a note. This half loads before buildx is spawned and stays
// small; the reporting half (gRPC, protobuf, listr2, renderers) is
// build-session.ts, loaded while buildx runs.

/** The help of `buildlens build`. */
export function buildHelp(): string {
  return `Usage: buildlens build [docker buildx build options] CONTEXT

Runs \`docker buildx build\` with every argument passed through untouched, then
reports per-step timing, cache hits and layers tied to Dockerfile lines.

buildlens options (never buildx flags; \`--\` ends them):
  --report-dir DIR        write report.json (and other formats) into DIR
  --report-format LIST    ${REPORT_FORMATS.join(',')} (json is always written)
${budgetHelpLines(24).join('\n')}
  --baseline PREV         an earlier build (report dir, report.json or .dockerbuild):
                          growth gates measure against it, and cache misses are
                          explained against it when the builder has no earlier build
  --ci-config FILE        dive's CI rules (.dive-ci) as budgets
  --no-analysis           skip reading layer blobs
  -h, --help              this help

Exit codes: buildx's own; 3 a gate failed; 2 usage error; 4 builder unreachable;
130/143 interrupted.
`;
}

/** Runs `buildlens build`: parse → start the live view → buildx → find the record → report → gates. */
export async function runBuild(argv: readonly string[]): Promise<number> {
  const invocation = splitBuildArgv(argv);
  if (invocation.own.help) {
    process.stdout.write(buildHelp());
    return 0;
  }
  const options = await buildOptions(invocation);
  const exit = (code: number): void => void exitWhenFlushed(code, 2_000);
  let session: BuildSession | undefined;
  // No moment without a handler: before buildx a signal ends buildlens at once (its
  // builder connections closed, their socket dirs removed at exit); while buildx
  // runs it is forwarded (runBuildx); once buildx exited it ends the report.
  let handler = exitOnSignal(async () => session?.dispose(), exit);
  try {
    // The live view (and a baseline or dive's CI file, a usage error when bad) need the reporting half before buildx starts.
    session = options.live || invocation.own.baseline || invocation.own.ciConfig ? await openSession(options) : undefined;
    const view: LiveView | undefined = session && options.live ? await session.startLiveView() : undefined;
    handler.release();
    const running = runBuildx({
      buildxArgs: invocation.buildxArgs,
      // Under the live view buildx's stderr goes into a capture (where its auto
      // progress is plain): its stdout stays exactly what plain buildx prints,
      // and its error block is shown if the build fails.
      ...(view ? { captureStderr: true } : {}),
      ...(invocation.facts.metadataFile ? { metadataFile: invocation.facts.metadataFile } : {}),
      ...(process.stderr.isTTY ? {} : { filterStderr: options.redact }),
    }).then(
      async (run) => {
        // In the same tick buildx's forwarding ends: a signal while the live view
        // stops or the report is made ends buildlens as one during the build would.
        handler = exitOnSignal(async () => session?.dispose(), exit);
        await view?.stop(run.signal ? 'canceled' : run.exitCode === 0 ? 'success' : 'failed');
        return run;
      },
      async (error: unknown) => {
        await view?.stop('failed');
        throw error;
      },
    );
    // Otherwise the reporting half loads, and the builder is resolved, while buildx runs.
    session ??= await openSession(options);
    const opened = session;
    try {
      const run = await running;
      debug(`buildx exited ${run.exitCode}`);
      const code = await opened.finish(run, { stderrCaptured: view !== undefined });
      // The report a signal cut short (its connection closed) is no success: exit as the handler does.
      if (handler.received) throw new InterruptedError(handler.received);
      return code;
    } finally {
      await opened.dispose();
      debug('connections closed');
    }
  } finally {
    handler.release();
  }
}

async function openSession(options: BuildOptions): Promise<BuildSession> {
  const { openBuildSession } = await import('./build-session.js');
  return openBuildSession(options);
}

async function buildOptions(invocation: BuildInvocation): Promise<BuildOptions> {
  // A report directory that cannot be written is a usage error now, not a missing artifact after the build.
  if (invocation.own.reportDir) await prepareWritableDir(invocation.own.reportDir, '--report-dir');
  const dockerfile = await readDockerfile(invocation);
  return {
    invocation,
    dockerfile,
    redact: makeRedactor(valuesToMask(invocation.facts.buildArgs)),
    live: wantsLiveView(invocation) && dockerfile.text !== undefined,
  };
}

/** The Dockerfile as the user named it, and its text when it is a local file. */
async function readDockerfile(invocation: BuildInvocation): Promise<BuildOptions['dockerfile']> {
  const facts = invocation.facts;
  const local = isLocalContext(facts.contextArg);
  const path =
    facts.dockerfile && facts.dockerfile !== '-' ? facts.dockerfile : local ? join(facts.contextArg ?? '.', 'Dockerfile') : 'Dockerfile';
  if (facts.dockerfile === '-' || (!local && !facts.dockerfile)) return { path };
  const text = await readFile(resolvePath(path), 'utf8').catch((error: unknown) => {
    debug(`Dockerfile not read: ${errorMessage(error)}`);
    return undefined;
  });
  return text === undefined ? { path } : { path, text };
}

// The live view replaces buildx's own display only where buildx would draw
// one for a person: a terminal, no --progress or -q of the user's, not CI.
function wantsLiveView(invocation: BuildInvocation): boolean {
  const { progress, quiet } = invocation.facts;
  if (!process.stderr.isTTY || (process.stderr.columns ?? 0) < 40 || quiet || process.env.CI || process.env.BUILDLENS_LIVE === '0')
    return false;
  // BUILDKIT_PROGRESS is buildx's own default for --progress: a choice too.
  if (process.env.BUILDKIT_PROGRESS && process.env.BUILDKIT_PROGRESS !== 'auto') return false;
  return progress === undefined || progress === 'auto';
}
