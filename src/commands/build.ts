import { readFile } from 'node:fs/promises';
import { resolve as resolvePath, join } from 'node:path';
import { splitBuildArgv, type BuildInvocation } from '../buildx/args.js';
import { runBuildx } from '../buildx/runner.js';
import { BuilderUnreachableError, GateFailedError, InterruptedError, errorMessage } from '../core/errors.js';
import { debug } from '../core/log.js';
import { makeRedactor } from '../core/redact.js';
import type { DockerfileSource, LiveSession } from './build-steps.js';

// `buildlens build ...`: runs `docker buildx build` with the user's arguments,
// exits with buildx's own code, and reports on the build from the builder's
// history. Reporting never changes the build's outcome: what cannot be
// collected becomes a note.

export const BUILD_HELP = `Usage: buildlens build [docker buildx build options] CONTEXT

Runs \`docker buildx build\` with every argument passed through untouched, then
reports per-step timing, cache hits and layers tied to Dockerfile lines.

buildlens options (never buildx flags; \`--\` ends them):
  --report-dir DIR        write report.json (and other formats) into DIR
  --report-format LIST    json,md,sarif,html,gitlab (json is always written)
  --max-image-size SIZE   fail (exit 3) when the image is larger (e.g. 200MB)
  --max-wasted SIZE       fail when wasted bytes exceed SIZE
  --min-cache-ratio R     fail when fewer steps were cached (0.8 or 80%)
  --max-duration DUR      fail when the build took longer (e.g. 90s, 5m)
  --fail-on LEVEL         fail on findings at or above error|warning
  --baseline FILE         an earlier report.json to compare against
  --max-growth PCT        fail when the image grew more than PCT% over the baseline
  --no-analysis           skip reading layer blobs
  -h, --help              this help

Exit codes: buildx's own; 3 a gate failed; 2 usage error; 4 builder unreachable;
130/143 interrupted.
`;

/** Runs `buildlens build`; returns the exit code. */
export async function runBuild(argv: readonly string[]): Promise<number> {
  const invocation = splitBuildArgv(argv);
  if (invocation.own.help) {
    process.stdout.write(BUILD_HELP);
    return 0;
  }
  const redact = makeRedactor(secretValuesOf(invocation));
  const dockerfile = await readDockerfile(invocation);
  const live = wantsLiveView(invocation) && dockerfile.text !== undefined;
  let steps = live ? await import('./build-steps.js') : undefined;
  const baseline = invocation.own.baseline ? await (steps ?? (await import('./build-steps.js'))).readBaseline(invocation.own.baseline) : undefined;
  let liveSession: LiveSession | undefined;
  let early: Awaited<ReturnType<typeof resolveSettled>> | undefined;
  if (steps) {
    // Live: the builder must be known before buildx starts, to follow the build.
    early = await resolveSettled(steps, invocation);
    if ('error' in early) throw early.error;
    liveSession = await steps.startLiveSession(early.builder, dockerfile, invocation, redact).catch((error: unknown) => {
      debug(`live view unavailable: ${errorMessage(error)}`);
      return undefined;
    });
  }
  const running = runBuildx({
    buildxArgs: invocation.buildxArgs,
    // Under the live view buildx's stderr goes into a capture (where its auto
    // progress is plain): its stdout stays exactly what plain buildx prints,
    // and its error block is shown if the build fails.
    ...(liveSession ? { captureStderr: true } : {}),
    ...(invocation.facts.metadataFile ? { userMetadataFile: invocation.facts.metadataFile } : {}),
    ...(process.stderr.isTTY ? {} : { filterStderr: redact }),
  }).finally(() => liveSession?.stop());
  // Otherwise load the reporting half and resolve the builder while buildx
  // runs: a cached rebuild should not wait for either.
  steps ??= await import('./build-steps.js');
  const loaded = steps;
  const resolvedPromise = early ? Promise.resolve(early) : resolveSettled(loaded, invocation);
  const contextScan = loaded.startContextScan(invocation, dockerfile);
  const prepared = loaded.prepare(resolvedPromise);
  try {
    const run = await running;
    debug(`buildx exited ${run.exitCode}`);
    return await finish(loaded, { invocation, dockerfile, redact, baseline, run, resolved: await resolvedPromise, contextScan, prepared, stderrCaptured: liveSession !== undefined });
  } finally {
    await prepared.dispose();
  }
}

/** What the build left for the reporting half once buildx exited. */
interface Finished {
  invocation: BuildInvocation;
  dockerfile: DockerfileSource;
  redact: (s: string) => string;
  baseline: Awaited<ReturnType<BuildSteps['readBaseline']>> | undefined;
  run: Awaited<ReturnType<typeof runBuildx>>;
  resolved: Awaited<ReturnType<typeof resolveSettled>>;
  contextScan: ReturnType<BuildSteps['startContextScan']>;
  prepared: ReturnType<BuildSteps['prepare']>;
  /** buildx's stderr went into a capture (the live view), not to the user. */
  stderrCaptured: boolean;
}

// After buildx exits: find the build's record, report on it, check the gates.
async function finish(loaded: BuildSteps, { invocation, dockerfile, redact, baseline, run, resolved, contextScan, prepared, stderrCaptured }: Finished): Promise<number> {
  // Under the live view buildx's stderr was captured: show its error block now
  // (otherwise buildx's stderr was shown as it came, error included).
  if (stderrCaptured && run.stderrTail && run.exitCode !== 0 && !run.signal) {
    const errorStart = run.stderrTail.findIndex((line) => /^(-{5,}|ERROR:)/.test(line));
    for (const line of run.stderrTail.slice(errorStart < 0 ? -25 : errorStart)) process.stderr.write(`${redact(line)}\n`);
  }

  if ('error' in resolved) {
    if (run.signal) throw new InterruptedError(run.signal);
    if (run.exitCode !== 0 && resolved.error instanceof BuilderUnreachableError) throw resolved.error;
    note(`no report: ${errorMessage(resolved.error)}`);
    return run.exitCode;
  }
  if (!run.ref && (run.exitCode !== 0 || run.signal)) {
    // buildx writes no metadata file for a failed or canceled build: find the
    // record that started during this run and matches what was asked for.
    const found = await loaded.findRunRecord(invocation, run, resolved.builder, prepared, dockerfile.text).catch((error: unknown) => {
      debug(`history lookup: ${errorMessage(error)}`);
      // A BuildKit without the history API built fine: exit as buildx did, saying what is missing.
      if (error instanceof loaded.HistoryUnsupportedError) {
        if (!run.signal) note(`no report: ${errorMessage(error)}`);
        return undefined;
      }
      // buildx failed and BuildKit cannot be reached: that is the problem to report (exit 4).
      if (error instanceof BuilderUnreachableError && !run.signal) throw error;
      return undefined;
    });
    if (found) run.ref = found;
  }
  if (!run.ref) {
    if (run.signal) throw new InterruptedError(run.signal);
    if (run.exitCode === 0) note('no report: buildx recorded no build ref (nothing was built, e.g. --print or --call)');
    return run.exitCode;
  }

  let gateLines: string[] = [];
  try {
    debug('making the report');
    const { report, budgets } = await loaded.makeReport(invocation, run, resolved.builder, dockerfile, secretValuesOf(invocation), !invocation.own.noAnalysis, contextScan, prepared);
    if (invocation.own.reportDir) {
      const written = await loaded.writeRequestedReports(invocation.own.reportDir, report, invocation.own.reportFormats);
      if (!run.signal) note(`report written: ${written.join(', ')}`);
    }
    if (!run.signal) process.stderr.write(loaded.renderTerminal(report, { color: Boolean(process.stderr.isTTY), width: process.stderr.columns ?? 100 }));
    if (!run.signal) loaded.emitCiAnnotations(report);
    debug('report shown');
    if (run.exitCode === 0 && !run.signal) gateLines = loaded.checkGates(report, loaded.gateOptions(invocation, baseline, budgets));
  } catch (error) {
    note(`no report: ${errorMessage(error)}`);
  }
  if (run.signal) throw new InterruptedError(run.signal);
  if (gateLines.length > 0) throw new GateFailedError(gateLines.join('\n'));
  return run.exitCode;
}

type BuildSteps = typeof import('./build-steps.js');

// The builder, or the error resolving it, without rejecting.
function resolveSettled(steps: BuildSteps, invocation: BuildInvocation) {
  return steps.resolveBuilder(invocation.facts.builder ? { builder: invocation.facts.builder } : {}).then(
    (builder) => ({ builder }),
    (error: unknown) => ({ error }),
  );
}




/** The Dockerfile as the user named it, and its text when it is a local file. */
async function readDockerfile(invocation: BuildInvocation): Promise<DockerfileSource> {
  const facts = invocation.facts;
  const local = facts.context !== undefined && facts.context !== '-' && !/^[a-z]+:\/\/|^git@/.test(facts.context);
  const path = facts.dockerfile && facts.dockerfile !== '-' ? facts.dockerfile : local ? join(facts.context ?? '.', 'Dockerfile') : 'Dockerfile';
  if (facts.dockerfile === '-' || (!local && !facts.dockerfile)) return { path };
  const text = await readFile(resolvePath(path), 'utf8').catch(() => undefined);
  return text === undefined ? { path } : { path, text };
}

// The live view replaces buildx's own display only where buildx would draw
// one for a person: a terminal, no --progress or -q of the user's, not CI.
function wantsLiveView(invocation: BuildInvocation): boolean {
  const { progress, quiet } = invocation.facts;
  if (!process.stderr.isTTY || (process.stderr.columns ?? 0) < 40 || quiet || process.env.CI || process.env.BUILDLENS_LIVE === '0') return false;
  // BUILDKIT_PROGRESS is buildx's own default for --progress: a choice too.
  if (process.env.BUILDKIT_PROGRESS && process.env.BUILDKIT_PROGRESS !== 'auto') return false;
  return progress === undefined || progress === 'auto';
}



// Values of --build-arg (given inline or taken from the environment by name).
function secretValuesOf(invocation: BuildInvocation): string[] {
  return invocation.facts.buildArgs.map((a) => a.value ?? process.env[a.name] ?? '').filter((v) => v !== '');
}

function note(message: string): void {
  process.stderr.write(`buildlens: ${message}\n`);
}
