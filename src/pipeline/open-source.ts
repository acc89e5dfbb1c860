import { openStateStore, type StateStore } from '../build-records/index.js';
import type { BuilderSession } from '../builder/connect.js';
import { unreachableNote, withNodes, type BuilderNodes } from '../builder/nodes.js';
import { asError } from '../core/errors.js';
import { builderBaseline, type BaselineFinder } from '../enrich/cache-compare.js';
import { sourceBaseline } from '../enrich/source-baseline.js';
import { fingerprinterOf } from '../report-dir/index.js';
import { openRecordFileSource } from '../sources/record-file.js';
import { reportDirSource } from '../sources/report-dir.js';
import { describeSource, type SourceSpec } from '../sources/source-spec.js';
import type { BlobStore, ReportSource } from '../sources/source.js';
import { engineBlobStore } from './engine-blobs.js';
import { resolveHistoryRef, sourceOfTarget } from './history-ref.js';

// Opens the sources a command names (sources/source-spec.ts says what each
// is): a builder is connected only when one of them is a history ref, so
// files and report directories are read with no engine at all. Each opened
// source says which build its misses are explained against by default, and
// how it serves as the build another is compared with. On a builder of
// several nodes a history ref is looked for on every node, and a build that
// several nodes ran (one of several platforms) is read from each.

/** What opening sources may use: the builder (when a history ref is named) and buildlens's build records. */
export interface SourceContext {
  /** The builder's first node (what a record file's layers are asked of). */
  session?: BuilderSession;
  /** Every node of the builder, connected when first needed. */
  nodes?: BuilderNodes;
  store?: StateStore;
  /** Why the build records could not be opened, when they could not. */
  storeError?: Error;
  /** Where a record file's layers may be found (asked for when they are to be analysed). */
  engineBlobs?: BlobStore;
  /** Told which build `last` took, and why (one line, for stderr). */
  say?: (line: string) => void;
}

/** What withSources sets up besides the builder. */
export interface SourceContextOptions {
  /** Look for record files' layers in the local engine and on the builder. */
  engineBlobs?: boolean;
  /** Told which build `last` took, and why. */
  say?: (line: string) => void;
}

/** A source ready to report on. */
export interface OpenedSource {
  spec: SourceSpec;
  source: ReportSource;
  /** The earlier build its misses are explained against when none is named (none for a report directory). */
  ownBaseline?: BaselineFinder;
  /** This build as the one another is compared with. */
  asBaseline: BaselineFinder;
}

/** Runs `fn` with the build records open and, when any spec is a history ref, a builder connected. */
export async function withSources<T>(
  specs: readonly SourceSpec[],
  builder: string | undefined,
  fn: (ctx: SourceContext) => Promise<T>,
  opts: SourceContextOptions = {},
): Promise<T> {
  const store = await openStateStore().catch(asError);
  const ctx: SourceContext = { ...(store instanceof Error ? { storeError: store } : { store }), ...(opts.say ? { say: opts.say } : {}) };
  const run = async (nodes?: BuilderNodes): Promise<T> => {
    const session = nodes ? await nodes.session() : undefined;
    // Connected only if a record's layers are not on disk here: a file needs no engine.
    const blobs = opts.engineBlobs && specs.some((s) => s.kind === 'record-file') ? engineBlobStore({ builder, session }) : undefined;
    try {
      return await fn({ ...ctx, ...(session && nodes ? { session, nodes } : {}), ...(blobs ? { engineBlobs: blobs } : {}) });
    } finally {
      await blobs?.close();
    }
  };
  if (!specs.some((s) => s.kind === 'history')) return run();
  return withNodes({ builder }, (nodes) => run(nodes));
}

/** Opens one source; a history ref is checked against the builder's history (NotFoundError when absent). */
export async function openSource(spec: SourceSpec, ctx: SourceContext): Promise<OpenedSource> {
  const fingerprinter = ctx.store ? fingerprinterOf(ctx.store.fingerprint) : undefined;
  if (spec.kind === 'record-file') {
    const opened = await openRecordFileSource(spec, { layers: ctx.engineBlobs });
    return {
      spec,
      source: opened.source,
      // A file of several records (`history export --all`) is a history of its own.
      ownBaseline: inFile(builderBaseline({ client: opened.file, builder: opened.builder }), spec),
      asBaseline: sourceBaseline(opened.source, fingerprinter),
    };
  }
  if (spec.kind === 'report') {
    const source = await reportDirSource(spec.path);
    return { spec, source, asBaseline: sourceBaseline(source, fingerprinter) };
  }
  const nodes = ctx.nodes;
  if (!nodes) throw new Error(`internal error: history ref ${spec.ref} opened without a builder`);
  const target = await resolveHistoryRef(nodes, spec.ref, { store: ctx.store });
  if (target.chosen) ctx.say?.(target.chosen);
  const [session] = target.sessions;
  if (!session) throw new Error(`internal error: no node holds ${target.ref}`);
  const own = await ctx.store?.findRecord(target.ref).catch(() => undefined);
  const builder = { name: session.builder.name, driver: session.builder.driver, node: session.node };
  const otherNodes = target.sessions.slice(1).map((s) => ({ node: s.node, client: s.client }));
  const base = { client: session.client, builder, store: ctx.store, otherNodes, ...(target.history ? { history: target.history } : {}) };
  return {
    spec,
    source: withUnreachableNote(sourceOfTarget(target, own ? { own } : {}), nodes),
    ownBaseline: builderBaseline(base),
    asBaseline: builderBaseline({ ...base, compareRef: target.ref }),
  };
}

// On a builder of several nodes, a node that could not be reached is named in the report: its part of the build may be missing.
function withUnreachableNote(source: ReportSource, nodes: BuilderNodes): ReportSource {
  if (nodes.builder.nodes.length < 2) return source;
  return {
    ...source,
    async collect(hooks) {
      const evidence = await source.collect(hooks);
      const { unreachable } = await nodes.all();
      if (unreachable.length > 0)
        evidence.notes.push({ topic: 'nodes', message: `${unreachableNote(unreachable)}: its part of the build, if any, is missing` });
      return evidence;
    },
  };
}

// The file's own earlier record, or a note that says how to name one.
function inFile(find: BaselineFinder, spec: SourceSpec): BaselineFinder {
  return async (current, evidence) => {
    const found = await find(current, evidence);
    if (!('topic' in found)) return found;
    return {
      topic: 'cache',
      message:
        `${describeSource(spec)} holds no earlier build of this Dockerfile: name one with \`buildlens why ` +
        `${describeSource(spec)} --compare SOURCE\``,
    };
  };
}
