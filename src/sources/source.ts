import type { Readable } from 'node:stream';
import type { BuildRecord } from '../build-records/index.js';
import type { HistoryRecord } from '../buildkit/types.js';
import type { ErrorFacts } from '../collect/error-details.js';
import type { ProgressCollector } from '../collect/progress.js';
import type { ProvenanceFacts } from '../collect/provenance.js';
import type { ContextFacts, SecretDigest } from '../model/facts.js';
import type { LocatedImage } from '../collect/image-layers.js';
import type { Note, Report, Step } from '../model/report.js';
import type { CacheInputs } from '../report-dir/index.js';

// The start of the pipeline: a source yields the evidence one build left, and
// every stage after it (assemble → enrich → render) reads only that evidence.
//
// What a source MUST provide: `kind`, `ref`, `builder` (as far as known),
// `progress` (a collector; empty when there is no stream), `platforms` and
// `notes`. Everything else it MAY lack, and the later stages degrade:
//   - no `record`: times and status come from the run or the stream;
//   - no `provenance`: lines come from step names, no image section;
//   - no `blobs`: layer sizes come from descriptors, contents are not analysed;
//   - no `dockerfile.text`: the text from provenance or the error is used;
//   - no `own` (buildlens did not run it): no context facts, no context diff.
// A source that holds a finished report (a report directory) gives it as
// `stored`: it is not assembled again, only compared.
// A source says what it lacks in `notes`, once; later stages never repeat it.
//
// Sources so far: the live build (sources/live.ts), a builder's history ref
// (sources/history.ts; sources/nodes.ts when several nodes hold it), an
// exported build record (sources/record-file.ts), a report directory
// (sources/report-dir.ts) and an image read directly (sources/image.ts,
// which has `image` instead of a provenance); source-spec.ts tells which one
// a command-line SOURCE names. To add one, return this shape; nothing after
// it changes.

/** Which kind of source a report came from (report.json `source.kind`). */
export type SourceKind = 'build' | 'history' | 'record-file' | 'report' | 'image';

/** Reads one blob by digest; `size` lets a local reader verify it. */
export type BlobReader = (digest: string, size?: number) => Promise<Readable>;

/** The builder a build ran on, as far as the source knows. */
export interface BuilderIdentity {
  name: string;
  driver: string;
  node?: string;
}

/** What buildlens knows of a run it started itself, beyond BuildKit's record. */
export interface RunFacts {
  /** buildx's exit code. */
  exitCode: number;
  /** Interrupted by Ctrl-C / SIGTERM. */
  canceled: boolean;
  startedAt: Date;
  completedAt: Date;
}

/** The evidence of one build, wherever it was kept. */
export interface BuildEvidence {
  kind: SourceKind;
  ref: string;
  builder: BuilderIdentity;
  record?: HistoryRecord;
  /** The progress stream folded per vertex (live, or replayed from the logs blob). */
  progress: ProgressCollector;
  provenance?: ProvenanceFacts;
  errorFacts?: ErrorFacts;
  /** Layer contents by digest; absent when the source has none. */
  blobs?: BlobReader;
  /** The Dockerfile as the user named it, and its text when it was read from disk. */
  dockerfile?: { path: string; text?: string };
  target?: string;
  platforms: string[];
  /** The nodes whose records make up the build (several: one build of several platforms on a multi-node builder). */
  nodes?: Array<{ name: string; platforms: string[] }>;
  run?: RunFacts;
  /** Names of the build args given (never values). */
  buildArgNames: string[];
  /** Values that must never appear in output (build-arg values known to the source). */
  secretValues: string[];
  /** buildlens's own record of this build: context manifest and facts, arg fingerprints, what missed. */
  own?: BuildRecord;
  /** The build context as sent, when the source saw it (the live build, or buildlens's own record). */
  context?: ContextFacts;
  /** A report made earlier (a report directory): used as it is, and its cache inputs when kept beside it. */
  stored?: StoredReport;
  /** An image read directly (sources/image.ts): its layers, and the steps its history ties to Dockerfile lines. */
  image?: ImageEvidence;
  notes: Note[];
}

/** A finished report read back, with what a later cache comparison needs. */
export interface StoredReport {
  report: Report;
  cacheInputs?: CacheInputs;
}

/** What an image source knows in place of a build's provenance. */
export interface ImageEvidence {
  /** The layers, base first; each non-base layer names the step (below) that made it. */
  located: LocatedImage;
  /** One step per layer the history ties to a line (ids as the layers name them). */
  steps: Step[];
  /** When the image was made (its config's `created`). */
  createdAt?: Date;
}

/** Hooks a source calls while it collects, so later work can start early. */
export interface CollectHooks {
  /** The provenance is parsed (before the logs finish replaying): layer analysis may start. */
  onProvenance?(provenance: ProvenanceFacts, record: HistoryRecord): void;
}

/** A store of blobs by digest that can say whether it holds one without reading it whole. */
export interface BlobStore {
  read: BlobReader;
  has(digest: string, size: number): Promise<boolean>;
}

/** Layer blobs a source lacks but another store may hold (a record file's: the local engine or the builder). */
export interface BorrowedBlobs {
  store: BlobStore;
  /** The note when `missing` of the image's `total` layers are not in the store (then none are analysed). */
  missingNote(missing: number, total: number): Note;
}

/** A source of a report. */
export interface ReportSource {
  readonly kind: SourceKind;
  /** Layer contents, when this source can read them (known before collecting, so analysis can start early). */
  readonly blobs?: BlobReader;
  /** Layer contents the source lacks, when another store may hold all of them: used only if it does. */
  readonly borrowedBlobs?: BorrowedBlobs;
  /** The build's secrets, as digests (the build just run knows them): files with their content are looked for in the layers. */
  readonly secrets?: readonly SecretDigest[];
  /** Collects the evidence; what cannot be collected becomes a note. */
  collect(hooks?: CollectHooks): Promise<BuildEvidence>;
}
