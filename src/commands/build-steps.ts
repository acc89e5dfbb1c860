import { basename, resolve as resolvePath } from 'node:path';
import type { BuildInvocation } from '../buildx/args.js';
import type { BuildxRun } from '../buildx/runner.js';
import { resolveBuilder, type ResolvedBuilder } from '../builder/resolve.js';
import { BuildkitClient, HistoryUnsupportedError } from '../buildkit/client.js';
import { ProgressCollector } from '../collect/progress.js';
import { asError, errorMessage } from '../core/errors.js';
import { checkGates, readBaseline, type GateOptions } from '../gates/gates.js';
import { debug } from '../core/log.js';
import type { Report } from '../model/report.js';
import { parseDockerfile } from '../dockerfile/model.js';
import { reportForRef } from '../sources/history.js';
import { followBuild } from '../collect/follow.js';
import { startLiveView } from '../render/live-view.js';
import { renderTerminal } from '../render/terminal.js';
import { withBuilder } from '../builder/connect.js';
import { parseErrorDetails } from '../collect/error-details.js';
import type { HistoryRecord } from '../buildkit/types.js';
import { scanContext, type ScanContextResult } from '../context/index.js';
import { compareWithPrevious } from '../enrich/cache-compare.js';
import { addFindings } from '../enrich/findings.js';
import { loadConfig, type LoadedConfig } from '../config/config.js';
import { openStateStore, type BuildRecord, type StateStore } from '../build-records/index.js';
import { emitCiAnnotations, writeRequestedReports } from '../render/outputs.js';

// The heavy half of `buildlens build` (gRPC, protobuf, listr2, reporters),
// loaded while buildx already runs so a cached rebuild does not wait for it.

export { HistoryUnsupportedError, checkGates, emitCiAnnotations, readBaseline, renderTerminal, resolveBuilder, writeRequestedReports };
export type { ResolvedBuilder, Report };

/** The Dockerfile as the user named it, and its text when it is a local file. */
export interface DockerfileSource {
  path: string;
  text?: string;
}

/** A running live view of a build. */
export interface LiveSession {
  stop(): Promise<void>;
}

/** Starts following the build on the builder, drawing the live view on stderr. */
export async function startLiveSession(builder: ResolvedBuilder, dockerfile: DockerfileSource, invocation: BuildInvocation, redact: (s: string) => string): Promise<LiveSession> {
  const node = builder.nodes[0];
  if (!node || dockerfile.text === undefined) throw new Error('no node or no Dockerfile text');
  const client = await BuildkitClient.connect(node.transport);
  await client.info();
  const view = startLiveView(parseDockerfile(dockerfile.text).stages, process.stderr, redact);
  const collector = new ProgressCollector();
  const abort = new AbortController();
  const target = { since: new Date(), dockerfileName: basename(dockerfile.path), ...(invocation.facts.target ? { target: invocation.facts.target } : {}) };
  const following = followBuild(client, target, collector, (digests) => view.update(digests.map((d) => collector.vertexes.get(d)).filter((v) => v !== undefined)), abort.signal).catch((error: unknown) => {
    debug(`live view stopped: ${errorMessage(error)}`);
    return undefined;
  });
  return {
    async stop() {
      // Let the status stream drain its last messages, then stop following.
      await Promise.race([following, new Promise((r) => setTimeout(r, 300))]);
      abort.abort();
      await following;
      await view.finish();
      await client.close();
    },
  };
}

/**
 * The history ref of a build buildx wrote no metadata for (failed or
 * canceled), when exactly one record fits. BuildKit may finalize a failed
 * build's record a moment after buildx exits, so it looks a few times, over
 * one connection. A builder that cannot be reached rejects (BuilderUnreachableError).
 */
export async function findRunRecord(invocation: BuildInvocation, run: BuildxRun, builder: ResolvedBuilder, prepared: Prepared, dockerfileText?: string): Promise<string | undefined> {
  return onNode(prepared, builder, undefined, async ({ client }) => {
    // After Ctrl-C the user is waiting: a canceled build's record is final by the
    // time buildx exits, and a build canceled before it started has none.
    const attempts = run.signal ? 3 : 20;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const found = matchRunRecord(await client.listRecords(), invocation, run, dockerfileText);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 150));
    }
    return undefined;
  });
}

// The one record that fits this run: same Dockerfile, target and args, created during it.
function matchRunRecord(records: HistoryRecord[], invocation: BuildInvocation, run: BuildxRun, dockerfileText: string | undefined): string | undefined {
  const facts = invocation.facts;
  const wantedFile = facts.dockerfile && facts.dockerfile !== '-' ? basename(facts.dockerfile) : 'Dockerfile';
  const wantedArgs = new Set(facts.buildArgs.map((a) => a.name));
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
  if (candidates.length > 1) {
    // Concurrent look-alike builds: keep those whose arg values and failing
    // Dockerfile (kept in the error's source detail) are this build's.
    // Values are compared here only; they go nowhere.
    candidates = candidates.filter((r) => {
      const argsMatch = facts.buildArgs.every((a) => r.frontendAttrs[`build-arg:${a.name}`] === (a.value ?? process.env[a.name]));
      const source = r.error ? parseErrorDetails(r.error).dockerfile?.text : undefined;
      return argsMatch && (dockerfileText === undefined || source === undefined || source === dockerfileText);
    });
  }
  debug(`history lookup: ${candidates.length} candidate record(s)`);
  return candidates.length === 1 ? candidates[0]?.ref : undefined;
}

/** Work started while buildx runs, so that a short build's report does not wait for it. */
export interface Prepared {
  /** The connection opened to the builder's first node, when that is `nodeName` (or none is named). */
  connectionTo(nodeName?: string): Promise<BuilderConnection | undefined>;
  /** The state store with its records read, or the Error opening it. */
  state: Promise<StateStore | Error>;
  /** Closes the connection. */
  dispose(): Promise<void>;
}

/** A connected builder node. */
interface BuilderConnection {
  node: string;
  client: BuildkitClient;
}

/** Connects to the builder and opens the state store in the background. Never rejects. */
export function prepare(resolved: Promise<{ builder: ResolvedBuilder } | { error: unknown }>): Prepared {
  const connection: Promise<BuilderConnection | undefined> = resolved.then(async (r) => {
    const node = 'builder' in r ? r.builder.nodes[0] : undefined;
    if (!node) return undefined;
    return { node: node.name, client: await BuildkitClient.connect(node.transport) };
  }).catch((error: unknown) => {
    debug(`early connection: ${errorMessage(error)}`);
    return undefined;
  });
  const state = openStateStore().then((store) => store.listRecords().then(() => store, () => store), asError);
  return {
    async connectionTo(nodeName) {
      const opened = await connection;
      return opened && (!nodeName || nodeName === opened.node) ? opened : undefined;
    },
    state,
    async dispose() {
      await (await connection)?.client.close();
    },
  };
}

// Runs fn on the prepared connection when it reaches the node, else on a new one.
async function onNode<T>(prepared: Prepared, builder: ResolvedBuilder, nodeName: string | undefined, fn: (connection: BuilderConnection) => Promise<T>): Promise<T> {
  const early = await prepared.connectionTo(nodeName);
  return early ? fn(early) : withBuilder({ resolved: builder, ...(nodeName ? { node: nodeName } : {}) }, fn);
}

/** The report of the build just run. */
export async function makeReport(invocation: BuildInvocation, run: BuildxRun, builder: ResolvedBuilder, dockerfile: DockerfileSource, secretValues: string[], measureLayers: boolean, context: Promise<ScanContextResult | undefined> | undefined, prepared: Prepared): Promise<{ report: Report; budgets: LoadedConfig['budgets'] }> {
  const facts = invocation.facts;
  const { path: dockerfilePath, text: dockerfileText } = dockerfile;
  return onNode(prepared, builder, run.nodeName, async ({ client, node }) => {
    const built = await reportForRef({
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
      measureLayers,
      startedAt: run.startedAt,
      completedAt: run.completedAt,
    });
    const { report, record } = built;
    const scanned = await context;
    debug('context scanned');
    if (scanned && scanned.unreadable.length > 0) report.notes.push(unreadableNote(scanned.unreadable));
    const opened = await prepared.state;
    if (opened instanceof Error) report.notes.push({ topic: 'cache', message: `cache misses not explained: ${errorMessage(opened)}` });
    const state = opened instanceof Error ? undefined : opened;
    const stateRecord = state ? await explainCacheMisses(state, report, record, invocation, run, builder, dockerfile, client, node, scanned) : undefined;
    debug('cache misses explained');
    const config = await loadConfig(scanned?.facts.dir);
    const rerunHistory = state && stateRecord ? await recentReruns(state, stateRecord).catch(() => undefined) : undefined;
    debug('config and re-run history read');
    addFindings(built, { config: config.rules, ...(scanned ? { context: scanned.facts } : {}), buildArgNames: facts.buildArgs.map((a) => a.name), ...(rerunHistory ? { rerunHistory } : {}) });
    return { report, budgets: config.budgets };
  });
}

// buildx sends a context file it may not read as an empty file, and the build
// succeeds: say so, or the image silently lacks the file's content.
function unreadableNote(paths: string[]): Report['notes'][number] {
  const shown = paths.slice(0, 5).join(', ');
  const more = paths.length > 5 ? ` and ${paths.length - 5} more` : '';
  const what = paths.length === 1 ? 'file this user cannot read' : 'files this user cannot read';
  return { topic: 'context', message: `${paths.length} context ${what} (${shown}${more}): buildx sends such files empty` };
}

/** Starts scanning the local build context (for the manifest cache diagnosis compares); undefined for remote contexts. */
export function startContextScan(invocation: BuildInvocation, dockerfile: DockerfileSource): Promise<ScanContextResult | undefined> | undefined {
  const contextArg = invocation.facts.context;
  if (!contextArg || contextArg === '-' || /^[a-z]+:\/\/|^git@/.test(contextArg)) return undefined;
  return scanContext(contextArg, { dockerfile: invocation.facts.dockerfile === '-' ? '-' : dockerfile.path }).catch((error: unknown) => {
    debug(`context scan: ${errorMessage(error)}`);
    return undefined;
  });
}

// Records this build in the state store and explains its misses against the
// previous comparable build. Never fails the report: problems become notes.
async function explainCacheMisses(state: StateStore, report: Report, record: HistoryRecord | undefined, invocation: BuildInvocation, run: BuildxRun, builder: ResolvedBuilder, dockerfile: DockerfileSource, client: BuildkitClient, node: string, scanned: ScanContextResult | undefined): Promise<BuildRecord | undefined> {
  if (!run.ref || run.signal) return undefined;
  try {
    const facts = invocation.facts;
    const buildArgs: Record<string, string> = {};
    for (const arg of facts.buildArgs) {
      const value = arg.value ?? process.env[arg.name];
      if (value !== undefined) buildArgs[arg.name] = state.fingerprint(value);
    }
    const stateRecord: BuildRecord = {
      ref: run.ref,
      builder: builder.name,
      dockerfile: facts.dockerfile === '-' ? '-' : resolvePath(dockerfile.path),
      contextDir: facts.context && !/^[a-z]+:\/\//.test(facts.context) ? resolvePath(facts.context) : (facts.context ?? ''),
      platforms: facts.platforms,
      startedAt: run.startedAt.toISOString(),
      buildArgs,
      noCache: facts.noCache,
      noCacheFilter: facts.noCacheFilter,
      ...(facts.target ? { target: facts.target } : {}),
      ...(scanned ? { manifest: scanned.manifest } : {}),
    };
    // A fully cached build has no miss to explain: skip the comparison (a cached rebuild stays fast).
    if (!nothingMissed(report)) {
      const comparison = await compareWithPrevious({ client, builder: { name: builder.name, driver: builder.driver, node }, report, state, stateRecord, ...(record ? { record } : {}) });
      if (comparison.misses) report.cacheMisses = comparison.misses;
      if (comparison.previousRef) report.compareRef = comparison.previousRef;
      if (comparison.note) report.notes.push(comparison.note);
    } else {
      report.cacheMisses = [];
    }
    if (report.cacheMisses) stateRecord.missed = missedWithRoots(report);
    await state.recordBuild(stateRecord);
    return stateRecord;
  } catch (error) {
    report.notes.push({ topic: 'cache', message: `cache misses not explained: ${errorMessage(error)}` });
    return undefined;
  }
}

/**
 * Whether every step was served from the cache. BuildKit never marks the FROM
 * of a local image cached; a cached step after it in its stage shows the base
 * was unchanged (its digest is part of that step's cache key), so only a stage
 * that is nothing but a FROM leaves its base in doubt.
 */
export function nothingMissed(report: Report): boolean {
  const stagesWithCachedWork = new Set(report.steps.filter((s) => !s.baseImage && s.cached).map((s) => s.stage));
  return report.steps.every((s) => s.cached || (s.baseImage !== undefined && stagesWithCachedWork.has(s.stage)));
}

const RECENT_BUILDS = 20;

/** Normalised instruction text: the key re-run history is kept under. */
function instructionKey(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// Each miss with the root cause of its chain (parent-missed followed to the first miss).
function missedWithRoots(report: Report): NonNullable<BuildRecord['missed']> {
  const misses = report.cacheMisses ?? [];
  const byLine = new Map(misses.map((m) => [m.line, m]));
  return misses.map((m) => {
    let root = m;
    for (let hops = 0; root.cause === 'parent-missed' && hops < misses.length; hops++) {
      const parentLine = root.details.parentLine;
      const parent = typeof parentLine === 'number' ? byLine.get(parentLine) : undefined;
      if (!parent) break;
      root = parent;
    }
    return { instruction: instructionKey(m.instruction ?? ''), cause: m.cause, rootCause: root.cause };
  });
}

// Per instruction: how often it re-ran because copied files changed, over the recent comparable builds.
async function recentReruns(state: StateStore, current: BuildRecord): Promise<Record<string, { reran: number; builds: number }>> {
  const recent = (await state.listRecords())
    .filter((r) => r.builder === current.builder && r.dockerfile === current.dockerfile && (r.target ?? '') === (current.target ?? ''))
    .slice(0, RECENT_BUILDS);
  const history: Record<string, { reran: number; builds: number }> = {};
  for (const record of recent) {
    for (const miss of record.missed ?? []) {
      if (miss.cause !== 'parent-missed' || miss.rootCause !== 'context-files-changed') continue;
      const entry = (history[miss.instruction] ??= { reran: 0, builds: recent.length });
      entry.reran++;
    }
  }
  return history;
}

/** The gates: the command line's, else the config file's budgets. */
export function gateOptions(invocation: BuildInvocation, baseline: GateOptions['baseline'], budgets: LoadedConfig['budgets']): GateOptions {
  const own = invocation.own;
  const b = budgets ?? {};
  const gates: GateOptions = {};
  const set = <K extends keyof GateOptions>(key: K, value: GateOptions[K] | undefined): void => {
    if (value !== undefined) gates[key] = value;
  };
  set('maxImageSize', own.maxImageSize ?? b.maxImageSize);
  set('maxWasted', own.maxWasted ?? b.maxWasted);
  set('minCacheRatio', own.minCacheRatio ?? b.minCacheRatio);
  set('maxDuration', own.maxDuration ?? b.maxDuration);
  set('failOn', own.failOn ?? b.failOn);
  set('maxGrowth', own.maxGrowth ?? b.maxGrowth);
  set('baseline', baseline);
  return gates;
}
