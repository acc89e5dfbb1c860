import { valuesToMask } from '../core/redact.js';
import { resolve as resolvePath } from 'node:path';
import type { BuildRecord, StateStore } from '../build-records/index.js';
import type { ScanContextResult } from '../context/index.js';
import { isLocalContext } from '../core/build-context.js';
import type { SecretDigest } from '../model/facts.js';
import type { Note } from '../model/report.js';
import { nodesSource, type NodePart } from './nodes.js';
import type { BuilderIdentity, BuildEvidence, CollectHooks, ReportSource, RunFacts } from './source.js';

// The build this process just ran through buildx: BuildKit's history of it
// (as for any history ref) plus what only the run knows — buildx's exit code
// and Ctrl-C, the Dockerfile as the user named it, the arguments given, and
// the build context as scanned while buildx ran. It also makes buildlens's
// own record of the build (context manifest, arg fingerprints), which later
// reports and cache comparisons of this build read back.

/** What the run knows about the build it started. */
export interface LiveBuild {
  ref: string;
  run: RunFacts;
  /** The Dockerfile as the user named it, with its text when read from disk. */
  dockerfile: { path: string; text?: string };
  /** `-f -`: the Dockerfile came from stdin. */
  dockerfileFromStdin: boolean;
  /** The context argument as given (a directory, `-` or a URL). */
  contextArg: string | undefined;
  target?: string | undefined;
  platforms: string[];
  /** The build args given, with the values buildx sent (never written out; fingerprinted). */
  buildArgs: ReadonlyArray<{ name: string; value?: string }>;
  /** The `--secret`s given, as digests of their content (never the content). */
  secrets?: readonly SecretDigest[] | undefined;
  noCache: boolean;
  noCacheFilter: string[];
  /** The context as buildx sent it, when it could be scanned. */
  context?: ScanContextResult | undefined;
  /** buildlens's build records, to fingerprint arg values; without it no own record is made. */
  store?: StateStore | undefined;
}

/** The source of the build just run, from the node(s) that hold its record (the node buildx named first). */
export function liveSource(parts: readonly NodePart[], builder: BuilderIdentity, build: LiveBuild): ReportSource {
  const own = build.store ? ownRecord(builder, build, build.store) : undefined;
  const history = nodesSource(parts, builder, build.ref, { run: build.run, ...(own ? { own } : {}) });
  return {
    kind: 'build',
    ...(history.blobs ? { blobs: history.blobs } : {}),
    ...(build.secrets && build.secrets.length > 0 ? { secrets: build.secrets } : {}),
    async collect(hooks?: CollectHooks): Promise<BuildEvidence> {
      const evidence = await history.collect(hooks);
      evidence.kind = 'build';
      evidence.dockerfile = build.dockerfile;
      if (build.target) evidence.target = build.target;
      if (build.platforms.length > 0) evidence.platforms = build.platforms;
      evidence.secretValues = [...new Set([...valuesToMask(build.buildArgs), ...evidence.secretValues])];
      if (build.context) {
        evidence.context = build.context.facts;
        if (build.context.unreadable.length > 0) evidence.notes.push(unreadableNote(build.context.unreadable));
      }
      return evidence;
    },
  };
}

// buildlens's record of the build: what a later comparison needs, never a value.
function ownRecord(builder: BuilderIdentity, build: LiveBuild, store: StateStore): BuildRecord {
  const buildArgs: Record<string, string> = {};
  for (const arg of build.buildArgs) if (arg.value !== undefined) buildArgs[arg.name] = store.fingerprint(arg.value);
  const record: BuildRecord = {
    ref: build.ref,
    builder: builder.name,
    dockerfile: build.dockerfileFromStdin ? '-' : resolvePath(build.dockerfile.path),
    contextDir: isLocalContext(build.contextArg) ? resolvePath(build.contextArg) : (build.contextArg ?? ''),
    platforms: build.platforms,
    startedAt: build.run.startedAt.toISOString(),
    buildArgs,
    noCache: build.noCache,
    noCacheFilter: build.noCacheFilter,
  };
  if (build.target) record.target = build.target;
  if (build.context) {
    record.manifest = build.context.manifest;
    record.context = build.context.facts;
  }
  return record;
}

// buildx sends a context file it may not read as an empty file, and the build
// succeeds: say so, or the image silently lacks the file's content.
function unreadableNote(paths: string[]): Note {
  const shown = paths.slice(0, 5).join(', ');
  const more = paths.length > 5 ? ` and ${paths.length - 5} more` : '';
  const what = paths.length === 1 ? 'file this user cannot read' : 'files this user cannot read';
  return { topic: 'context', message: `${paths.length} context ${what} (${shown}${more}): buildx sends such files empty` };
}
