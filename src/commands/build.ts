import { readFile } from 'node:fs/promises';
import { basename, resolve as resolvePath, join } from 'node:path';
import { splitBuildArgv, type BuildInvocation } from '../build/args.js';
import { runBuildx, type BuildxRun } from '../build/buildx-runner.js';
import { resolveBuilder, type ResolvedBuilder } from '../builder/resolve.js';
import { BuilderUnreachableError, GateFailedError, InterruptedError, errorMessage } from '../errors.js';
import { checkGates, readBaseline, type GateOptions } from '../gates.js';
import { debug } from '../log.js';
import { makeRedactor } from '../model/redact.js';
import { reportForRef } from '../pipeline/report-for-ref.js';
import { renderTerminal } from '../report/terminal.js';
import { withBuilder } from './connect.js';
import { writeRequestedReports } from './outputs.js';

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
  const baseline = invocation.own.baseline ? await readBaseline(invocation.own.baseline) : undefined;
  // Resolve the builder while buildx runs: it is only needed afterwards, and a
  // cached rebuild should not wait for it.
  const builderPromise = resolveBuilder(invocation.facts.builder ? { builder: invocation.facts.builder } : {}).then(
    (builder) => ({ builder }),
    (error: unknown) => ({ error }),
  );
  const redact = makeRedactor(secretValuesOf(invocation));
  const run = await runBuildx({
    buildxArgs: invocation.buildxArgs,
    ...(invocation.facts.metadataFile ? { userMetadataFile: invocation.facts.metadataFile } : {}),
    ...(process.stderr.isTTY ? {} : { filterStderr: redact }),
  });
  const resolved = await builderPromise;

  if ('error' in resolved) {
    if (run.signal) throw new InterruptedError(run.signal);
    if (run.exitCode !== 0 && resolved.error instanceof BuilderUnreachableError) throw resolved.error;
    note(`no report: ${errorMessage(resolved.error)}`);
    return run.exitCode;
  }
  if (!run.ref && (run.exitCode !== 0 || run.signal)) {
    // buildx writes no metadata file for a failed or canceled build: find the
    // record that started during this run and matches what was asked for.
    // BuildKit may finalize a failed build's record a moment after buildx exits.
    for (let attempt = 0; attempt < 20 && !run.ref; attempt++) {
      const found = await findRunRecord(invocation, run, resolved.builder).catch((error: unknown) => void debug(`history lookup: ${errorMessage(error)}`));
      if (found) run.ref = found;
      else await new Promise((r) => setTimeout(r, 150));
    }
  }
  if (!run.ref) {
    if (run.signal) throw new InterruptedError(run.signal);
    if (run.exitCode === 0) note('no report: buildx recorded no build ref (nothing was built, e.g. --print or --call)');
    return run.exitCode;
  }

  let gateLines: string[] = [];
  try {
    const report = await makeReport(invocation, run, resolved.builder);
    if (invocation.own.reportDir) {
      const written = await writeRequestedReports(invocation.own.reportDir, report, invocation.own.reportFormats);
      if (!run.signal) note(`report written: ${written.join(', ')}`);
    }
    if (!run.signal) process.stderr.write(renderTerminal(report, { color: Boolean(process.stderr.isTTY), width: process.stderr.columns ?? 100 }));
    if (run.exitCode === 0 && !run.signal) gateLines = checkGates(report, gateOptions(invocation, baseline));
  } catch (error) {
    note(`no report: ${errorMessage(error)}`);
  }
  if (run.signal) throw new InterruptedError(run.signal);
  if (gateLines.length > 0) throw new GateFailedError(gateLines.join('\n'));
  return run.exitCode;
}

async function makeReport(invocation: BuildInvocation, run: BuildxRun, builder: ResolvedBuilder) {
  const facts = invocation.facts;
  const dockerfilePath = facts.dockerfile && facts.dockerfile !== '-' ? facts.dockerfile : facts.context && facts.context !== '-' && !/^[a-z]+:\/\//.test(facts.context) ? join(facts.context, 'Dockerfile') : 'Dockerfile';
  const dockerfileText = facts.dockerfile === '-' ? undefined : await readFile(resolvePath(dockerfilePath), 'utf8').catch(() => undefined);
  const secretValues = secretValuesOf(invocation);
  return withBuilder({ resolved: builder, ...(run.nodeName ? { node: run.nodeName } : {}) }, async ({ client, node }) => {
    const { report } = await reportForRef({
      client,
      builder: { name: builder.name, driver: builder.driver, node },
      ref: run.ref ?? '',
      exitCode: run.exitCode,
      canceled: run.signal !== undefined,
      dockerfilePath,
      ...(dockerfileText !== undefined ? { dockerfileText } : {}),
      ...(facts.target ? { target: facts.target } : {}),
      platforms: facts.platforms,
      secretValues,
      measureLayers: !invocation.own.noAnalysis,
      startedAt: run.startedAt,
      completedAt: run.completedAt,
    });
    return report;
  });
}

function gateOptions(invocation: BuildInvocation, baseline: GateOptions['baseline']): GateOptions {
  const own = invocation.own;
  const gates: GateOptions = {};
  if (own.maxImageSize !== undefined) gates.maxImageSize = own.maxImageSize;
  if (own.maxWasted !== undefined) gates.maxWasted = own.maxWasted;
  if (own.minCacheRatio !== undefined) gates.minCacheRatio = own.minCacheRatio;
  if (own.maxDuration !== undefined) gates.maxDuration = own.maxDuration;
  if (own.failOn) gates.failOn = own.failOn;
  if (baseline) gates.baseline = baseline;
  if (own.maxGrowth !== undefined) gates.maxGrowth = own.maxGrowth;
  return gates;
}

async function findRunRecord(invocation: BuildInvocation, run: BuildxRun, builder: ResolvedBuilder): Promise<string | undefined> {
  const facts = invocation.facts;
  const wantedFile = facts.dockerfile && facts.dockerfile !== '-' ? basename(facts.dockerfile) : 'Dockerfile';
  const wantedArgs = new Set(facts.buildArgs.map((a) => a.name));
  return withBuilder({ resolved: builder }, async ({ client }) => {
    const records = await client.listRecords();
    // Strictly inside the run first; a second of slack only helps a builder whose clock lags.
    const inWindow = (slackMs: number) => records.filter((r) => {
      const created = r.createdAt?.getTime() ?? 0;
      if (created < run.startedAt.getTime() - slackMs || created > run.completedAt.getTime()) return false;
      const attrs = r.frontendAttrs;
      if ((attrs.filename ?? 'Dockerfile') !== wantedFile && facts.dockerfile !== '-') return false;
      if ((attrs.target ?? '') !== (facts.target ?? '')) return false;
      const args = Object.keys(attrs).filter((k) => k.startsWith('build-arg:')).map((k) => k.slice(10));
      return args.every((a) => wantedArgs.has(a)) && [...wantedArgs].every((a) => args.includes(a) || process.env[a] === undefined);
    });
    let candidates = inWindow(0);
    if (candidates.length === 0) candidates = inWindow(1000);
    debug(`history lookup: ${candidates.length} candidate record(s)`);
    return candidates.length === 1 ? candidates[0]?.ref : undefined;
  });
}

// Values of --build-arg (given inline or taken from the environment by name).
function secretValuesOf(invocation: BuildInvocation): string[] {
  return invocation.facts.buildArgs.map((a) => a.value ?? process.env[a.name] ?? '').filter((v) => v !== '');
}

function note(message: string): void {
  process.stderr.write(`buildlens: ${message}\n`);
}
