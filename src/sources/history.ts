import { valuesToMask } from '../core/redact.js';
import type { Readable } from 'node:stream';
import type { BuildRecord } from '../build-records/index.js';
import { buildArgNamesOf, buildArgsOf } from '../buildkit/frontend-attrs.js';
import { localContentDirs, localFirst, localFirstStream } from '../buildkit/local-content.js';
import type { HistoryRecord } from '../buildkit/types.js';
import { collectHistory } from '../collect/history.js';
import type { ProgressCollector } from '../collect/progress.js';
import { debug } from '../core/log.js';
import type { BuildEvidence, BuilderIdentity, CollectHooks, ReportSource, RunFacts } from './source.js';

// A build in a builder's history: BuildKit's record, the progress stream
// replayed from its logs blob, the provenance, the error details, and layer
// blobs over the content API (or the local content store, read first for the
// docker driver). Works for builds started by plain `docker buildx build`.

/** What this source needs from a BuildKit client. */
export interface HistoryClient {
  getRecord(ref: string): Promise<HistoryRecord | undefined>;
  readBlob(digest: string): Readable;
}

/** What else is known of the build, when buildlens ran it or recorded it. */
export interface HistorySourceOptions {
  /** buildlens's own record of the build (from build-records). */
  own?: BuildRecord;
  /** buildx's outcome, when this process ran the build. */
  run?: RunFacts;
  /** The live stream, used when the record has no logs to replay. */
  liveProgress?: ProgressCollector;
}

/** The source of a build in the history of the builder `client` talks to. */
export function historySource(client: HistoryClient, builder: BuilderIdentity, ref: string, opts: HistorySourceOptions = {}): ReportSource {
  const dirs = localContentDirs(builder.driver);
  const blobs = localFirst(dirs, (digest) => client.readBlob(digest));
  // The record's own blobs (logs, provenance) too: on the docker driver they are local files, read with no round trip to the builder.
  const history = { getRecord: (r: string) => client.getRecord(r), readBlob: localFirstStream(dirs, (digest) => client.readBlob(digest)) };
  return {
    kind: 'history',
    blobs,
    async collect(hooks: CollectHooks = {}): Promise<BuildEvidence> {
      debug('report: reading build history');
      // Layers of a failed or canceled build are not analysed: start nothing for them.
      const failed = opts.run !== undefined && (opts.run.exitCode !== 0 || opts.run.canceled);
      const onProvenance = hooks.onProvenance;
      const facts = await collectHistory(
        history,
        ref,
        onProvenance && !failed ? { onProvenance: (p, record) => !record.error && onProvenance(p, record) } : {},
      );
      debug('report: history read');
      const record = facts.record;
      const attrs = record?.frontendAttrs ?? {};
      const own = opts.own;
      const progress = facts.progress.vertexes.size > 0 || !opts.liveProgress ? facts.progress : opts.liveProgress;
      const fromAttrs = attrs.platform?.split(',').filter(Boolean);
      const evidence: BuildEvidence = {
        kind: 'history',
        ref,
        builder,
        progress,
        blobs,
        platforms: own?.platforms.length ? own.platforms : (fromAttrs ?? (facts.provenance?.platform ? [facts.provenance.platform] : [])),
        buildArgNames: [...new Set([...buildArgNamesOf(Object.keys(attrs)), ...Object.keys(own?.buildArgs ?? {})])].sort(),
        secretValues: valuesToMask(Object.entries(buildArgsOf(attrs)).map(([name, value]) => ({ name, value }))),
        dockerfile: { path: own && own.dockerfile !== '-' ? own.dockerfile : (attrs.filename ?? 'Dockerfile') },
        notes: facts.notes,
      };
      const target = own?.target ?? attrs.target;
      if (target) evidence.target = target;
      if (record) evidence.record = record;
      if (facts.provenance) evidence.provenance = facts.provenance;
      if (facts.errorFacts) evidence.errorFacts = facts.errorFacts;
      if (opts.run) evidence.run = opts.run;
      if (own) evidence.own = own;
      if (own?.context) evidence.context = own.context;
      return evidence;
    },
  };
}
