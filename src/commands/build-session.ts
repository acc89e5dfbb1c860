import { basename } from 'node:path';
import { openStateStore, type StateStore } from '../build-records/index.js';
import type { BuilderSession } from '../builder/connect.js';
import { NodeConnections, unreachableNote } from '../builder/nodes.js';
import { resolveBuilder } from '../builder/resolve.js';
import type { ResolvedBuilder } from '../builder/types.js';
import { BuildkitClient } from '../buildkit/client.js';
import type { BuildxRun } from '../buildx/runner.js';
import { digestSecrets } from '../buildx/secrets.js';
import { ProgressCollector } from '../collect/progress.js';
import { mergeBudgets, type Budgets } from '../config/budgets.js';
import { scanContext, type ScanContextResult } from '../context/index.js';
import { isLocalContext } from '../core/build-context.js';
import {
  asError,
  BuilderUnreachableError,
  errorMessage,
  GateFailedError,
  InterruptedError,
  ReportNotWrittenError,
} from '../core/errors.js';
import { debug } from '../core/log.js';
import type { SecretDigest } from '../model/facts.js';
import { parseDockerfile } from '../dockerfile/model.js';
import { builderBaseline } from '../enrich/cache-compare.js';
import { firstBaseline } from '../enrich/source-baseline.js';
import { checkGates } from '../gates/gates.js';
import type { NamedBaseline } from '../pipeline/named-baseline.js';
import { reportFromSource, type SourceReport } from '../pipeline/report.js';
import { emitCiAnnotations, wantsFileTrees, writeJobSummary, writeRequestedReports } from '../render/outputs.js';
import { renderOneLine, renderTerminal } from '../render/terminal.js';
import { fingerprinterOf, keepCacheInputs, makeCacheInputs } from '../report-dir/index.js';
import { followBuild } from '../sources/follow.js';
import { liveSource } from '../sources/live.js';
import type { BuildOptions, BuildSession, LiveView } from './build-contract.js';
import { targetOfRun, type RunTarget } from './build-target.js';

// The reporting half of `buildlens build`, loaded while buildx already runs:
// it resolves the builder and connects, opens buildlens's build records and
// scans the context in the background, then, once buildx exits, finds the
// build's record and reports on it.

type Resolved = { builder: ResolvedBuilder } | { error: unknown };

/** Starts the background work of a build's report; rejects only for a bad --baseline or --ci-config (a usage error, before buildx runs). */
export async function openBuildSession(options: BuildOptions): Promise<BuildSession> {
  const { invocation } = options;
  // What only some builds ask for (a baseline, dive's CI file in YAML, the
  // live view) loads only for them: less to compile while buildx runs.
  const baseline = invocation.own.baseline ? await openBaseline(invocation.own.baseline) : undefined;
  const diveCi = invocation.own.ciConfig ? await (await import('../config/dive-ci.js')).readDiveCi(invocation.own.ciConfig) : undefined;
  const resolved: Promise<Resolved> = resolveBuilder(invocation.facts.builder ? { builder: invocation.facts.builder } : {}).then(
    (builder) => ({ builder }),
    (error: unknown) => ({ error }),
  );
  const connection = connect(resolved);
  const store = openStateStore().then(
    (s) =>
      s.listRecords().then(
        () => s,
        () => s,
      ),
    asError,
  );
  const context = scanLocalContext(options);
  // Every node's connection, made when needed; the first node's is the early one.
  let nodes: NodeConnections | undefined;
  // Read while buildx runs: where buildx reads them, as buildx reads them.
  const secrets = digestSecrets(invocation.facts.secrets).catch(() => []);

  let disposed: Promise<void> | undefined;
  const nodesOf = (builder: ResolvedBuilder): NodeConnections => {
    if (!nodes) {
      nodes = new NodeConnections(builder, connection);
      // Made after a signal closed the session: closed too, so it dials nothing that would outlive the exit.
      if (disposed) void nodes.close();
    }
    return nodes;
  };
  return {
    async startLiveView() {
      const r = await resolved;
      if ('error' in r) throw r.error;
      return startLive(r.builder, options).catch((error: unknown) => {
        debug(`live view unavailable: ${errorMessage(error)}`);
        return undefined;
      });
    },
    async finish(run, how) {
      if (how.stderrCaptured) showErrorBlock(run, options.redact);
      const r = await resolved;
      if ('error' in r) return noBuilder(run, r.error);
      debug('builder resolved');
      const connections = nodesOf(r.builder);
      const target = await targetOfRun(options, run, connections).catch((error: unknown) => {
        // A node that cannot be reached after a failed build is the problem to report (exit 4).
        if (run.exitCode !== 0 && !run.signal) throw error;
        note(`no report: ${errorMessage(error)}`);
        return undefined;
      });
      if (!target) {
        if (run.signal) throw new InterruptedError(run.signal);
        if (run.exitCode === 0 && !run.ref && options.invocation.facts.call !== undefined)
          note('no report: buildx recorded no build ref (nothing was built, e.g. --print or --call)');
        return run.exitCode;
      }
      const gateLines = await reportAndGate(connections, target, run, {
        options,
        baseline,
        diveCi,
        context,
        secrets: await secrets,
        store: await store,
      }).catch((error: unknown) => {
        // A signal closed the connection under the report: the exit says so, not a note on the connection.
        if (disposed) return [];
        // A build that succeeded without its report directory must not pass a CI job.
        if (error instanceof ReportNotWrittenError && run.exitCode === 0 && !run.signal) throw error;
        note(`no report: ${errorMessage(error)}`);
        return [];
      });
      if (run.signal) throw new InterruptedError(run.signal);
      if (gateLines.length > 0) throw new GateFailedError(gateLines.join('\n'));
      return run.exitCode;
    },
    dispose() {
      // Called on a signal and again when the command ends: closes once.
      disposed ??= nodes ? nodes.close() : connection.then((c) => c?.client.close());
      return disposed;
    },
  };
}

async function openBaseline(spec: string): Promise<NamedBaseline> {
  const { openNamedBaseline } = await import('../pipeline/named-baseline.js');
  return openNamedBaseline(spec);
}

/** What reporting on the build needs besides the connection. */
interface ReportInputs {
  options: BuildOptions;
  /** The earlier build --baseline names: the growth gates' reference, and the cache comparison's when the builder has none. */
  baseline: NamedBaseline | undefined;
  /** Budgets from dive's CI file. */
  diveCi: Budgets | undefined;
  context: Promise<ScanContextResult | undefined> | undefined;
  /** The build's secrets, as digests of their content. */
  secrets: SecretDigest[];
  store: StateStore | Error;
}

// The report of the build just run: written, shown, annotated, recorded; returns the broken gates.
async function reportAndGate(nodes: NodeConnections, target: RunTarget, run: BuildxRun, inputs: ReportInputs): Promise<string[]> {
  const { invocation, dockerfile } = inputs.options;
  const facts = invocation.facts;
  const store = inputs.store instanceof Error ? undefined : inputs.store;
  const session: BuilderSession | undefined = target.sessions[0];
  if (!session) throw new Error(`no node holds ${target.ref}`);
  const builder = { name: session.builder.name, driver: session.builder.driver, node: session.node };
  debug('making the report');
  const context = await inputs.context;
  const parts = target.sessions.map((s) => ({ node: s.node, client: s.client }));
  const source = liveSource(
    parts,
    { name: builder.name, driver: builder.driver },
    {
      ref: target.ref,
      run: { exitCode: run.exitCode, canceled: run.signal !== undefined, startedAt: run.startedAt, completedAt: run.completedAt },
      dockerfile,
      dockerfileFromStdin: facts.dockerfile === '-',
      contextArg: facts.contextArg,
      target: facts.target,
      platforms: facts.platforms,
      buildArgs: facts.buildArgs,
      secrets: inputs.secrets,
      noCache: facts.noCache,
      noCacheFilter: facts.noCacheFilter,
      context,
      store,
    },
  );
  const onBuilder = builderBaseline({ client: session.client, builder, store, otherNodes: parts.slice(1) });
  const fingerprinter = store ? fingerprinterOf(store.fingerprint) : undefined;
  const made = await reportFromSource(source, {
    measureLayers: !invocation.own.noAnalysis,
    fileTrees: wantsFileTrees(invocation.own.reportFormats),
    records: inputs.store,
    baseline: inputs.baseline ? firstBaseline(onBuilder, inputs.baseline.finder(fingerprinter)) : onBuilder,
    // BuildKit never marks a local FROM cached, so every rebuild would read a second record.
    skipComparisonWhenCached: true,
  });
  // A successful build buildx named no ref for (a --push of several platforms on several nodes): say how it was found.
  if (target.matchedBy && run.exitCode === 0)
    made.report.notes.push({
      topic: 'history',
      message: `buildx named no build ref: the record was found in the builder's history by ${target.matchedBy.join(', ')}`,
    });
  if (nodes.builder.nodes.length > 1 && facts.platforms.length > 1) {
    const { unreachable } = await nodes.all();
    if (unreachable.length > 0)
      made.report.notes.push({ topic: 'nodes', message: `${unreachableNote(unreachable)}: its part of the build, if any, is missing` });
  }
  if (store && made.own && !run.signal)
    await store.recordBuild(made.own).catch((error: unknown) =>
      made.report.notes.push({
        topic: 'cache',
        message: `this build could not be recorded for later comparisons: ${errorMessage(error)}`,
      }),
    );
  await show(made, run, inputs.options, store);
  if (run.exitCode !== 0 || run.signal) return [];
  return checkGates(made.report, {
    ...mergeBudgets(mergeBudgets(made.config.budgets, inputs.diveCi ?? {}), invocation.own),
    ...(inputs.baseline ? { baseline: await inputs.baseline.report() } : {}),
  });
}

// The report directory, the terminal summary and the CI annotations.
async function show(made: SourceReport, run: BuildxRun, options: BuildOptions, store: StateStore | undefined): Promise<void> {
  const { report } = made;
  const reportDir = options.invocation.own.reportDir;
  if (reportDir) {
    const written = await writeRequestedReports(reportDir, report, options.invocation.own.reportFormats, {
      fileTrees: made.fileTrees,
    });
    // What a later build, on any machine, needs to explain its misses against this one.
    const inputs =
      made.own && store
        ? makeCacheInputs({ steps: report.steps, record: made.own, fingerprinter: fingerprinterOf(store.fingerprint) })
        : undefined;
    const kept = await keepCacheInputs(reportDir, inputs).catch((error: unknown) => {
      throw new ReportNotWrittenError(reportDir, error);
    });
    if (kept) written.push(kept);
    if (!run.signal) note(`report written: ${written.join(', ')}`);
  }
  if (run.signal) return;
  await writeJobSummary(report);
  const tty = Boolean(process.stderr.isTTY);
  // -q asks buildx for quiet: one line, as its own -q prints one line (the image id).
  if (options.invocation.facts.quiet) process.stderr.write(renderOneLine(report));
  else
    process.stderr.write(
      renderTerminal(report, { color: tty, ...(tty && process.stderr.columns ? { width: process.stderr.columns } : {}) }),
    );
  emitCiAnnotations(report);
  debug('report shown');
}

// buildx failed and its builder could not be resolved: say why there is no report.
function noBuilder(run: BuildxRun, error: unknown): number {
  if (run.signal) throw new InterruptedError(run.signal);
  if (run.exitCode !== 0 && error instanceof BuilderUnreachableError) throw error;
  note(`no report: ${errorMessage(error)}`);
  return run.exitCode;
}

// Connects to the builder's first node in the background. Never rejects.
function connect(resolved: Promise<Resolved>): Promise<BuilderSession | undefined> {
  return resolved
    .then(async (r) => {
      const node = 'builder' in r ? r.builder.nodes[0] : undefined;
      if (!('builder' in r) || !node) return undefined;
      const client = await BuildkitClient.connect(node.transport);
      // The channel dials on its first call: make it now, while buildx runs, not after it exits
      // (a docker-container node's `docker exec … dial-stdio` takes ~200 ms). A failure here is the later call's to report.
      await client.info().catch((error: unknown) => debug(`early connection: ${errorMessage(error)}`));
      debug(`early connection to ${node.name}: ready`);
      return { builder: r.builder, node: node.name, client };
    })
    .catch((error: unknown) => {
      debug(`early connection: ${errorMessage(error)}`);
      return undefined;
    });
}

// Scans the local build context (for BL008 and the cache diagnosis); undefined for remote contexts.
function scanLocalContext(options: BuildOptions): Promise<ScanContextResult | undefined> | undefined {
  const facts = options.invocation.facts;
  if (!isLocalContext(facts.contextArg)) return undefined;
  return scanContext(facts.contextArg, { dockerfile: facts.dockerfile === '-' ? '-' : options.dockerfile.path }).catch((error: unknown) => {
    debug(`context scan: ${errorMessage(error)}`);
    return undefined;
  });
}

// Follows the build on the builder, drawing the live view on stderr.
async function startLive(builder: ResolvedBuilder, options: BuildOptions): Promise<LiveView> {
  const node = builder.nodes[0];
  const text = options.dockerfile.text;
  if (!node || text === undefined) throw new Error('no node or no Dockerfile text');
  const client = await BuildkitClient.connect(node.transport);
  await client.info();
  const { startLiveView } = await import('../render/live-view.js');
  const view = startLiveView(parseDockerfile(text).stages, process.stderr, options.redact);
  const collector = new ProgressCollector();
  const abort = new AbortController();
  const facts = options.invocation.facts;
  const want = { since: new Date(), dockerfileName: basename(options.dockerfile.path), ...(facts.target ? { target: facts.target } : {}) };
  const following = followBuild(
    client,
    want,
    collector,
    (digests) => view.update(digests.map((d) => collector.vertexes.get(d)).filter((v) => v !== undefined)),
    abort.signal,
  ).catch((error: unknown) => {
    debug(`live view stopped: ${errorMessage(error)}`);
    return undefined;
  });
  return {
    async stop(outcome) {
      // Let the status stream drain its last messages, then stop following.
      await Promise.race([following, new Promise((r) => setTimeout(r, 300))]);
      abort.abort();
      await following;
      await view.finish(outcome);
      await client.close();
    },
  };
}

// Under the live view buildx's stderr was captured: show its error block now.
function showErrorBlock(run: BuildxRun, redact: (s: string) => string): void {
  if (!run.stderrTail || run.exitCode === 0 || run.signal) return;
  const errorStart = run.stderrTail.findIndex((line) => /^(-{5,}|ERROR:)/.test(line));
  for (const line of run.stderrTail.slice(errorStart < 0 ? -25 : errorStart)) process.stderr.write(`${redact(line)}\n`);
}

function note(message: string): void {
  process.stderr.write(`buildlens: ${message}\n`);
}
