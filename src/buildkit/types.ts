// The project's own view of what BuildKit sends. Wire types (./wire) never
// leave src/buildkit: convert.ts turns them into these plain types.

/** A content-addressed blob reference (logs, provenance, trace, layer). */
export interface BlobDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations: Record<string, string>;
}

/** One platform's result of a build in history. */
export interface BuildResultInfo {
  /** Descriptors of attestations such as the provenance (in-toto JSON). */
  attestations: BlobDescriptor[];
  result?: BlobDescriptor;
}

/** A detail attached to a build error; JSON-encoded details (type ends in +json) are decoded. */
export interface ErrorDetail {
  type: string;
  json?: unknown;
}

/** Why a build failed, with BuildKit's structured details (errdefs.Source, errdefs.Vertex, exit codes). */
export interface BuildError {
  code: number;
  message: string;
  details: ErrorDetail[];
}

/** One build as BuildKit's history keeps it. */
export interface HistoryRecord {
  ref: string;
  frontend: string;
  frontendAttrs: Record<string, string>;
  exporters: Array<{ type: string; attrs: Record<string, string> }>;
  error?: BuildError;
  createdAt?: Date;
  completedAt?: Date;
  logs?: BlobDescriptor;
  trace?: BlobDescriptor;
  exporterResponse: Record<string, string>;
  result?: BuildResultInfo;
  /** Per-platform results of a multi-platform build, keyed by platform string. */
  results: Record<string, BuildResultInfo>;
  generation: number;
  numCachedSteps: number;
  numTotalSteps: number;
  numCompletedSteps: number;
}

/** A history stream event. */
export interface HistoryEvent {
  type: 'started' | 'complete' | 'deleted';
  record: HistoryRecord;
}

/** A vertex (an LLB operation) as the progress stream reports it. */
export interface VertexUpdate {
  digest: string;
  inputs: string[];
  name: string;
  cached: boolean;
  started?: Date;
  completed?: Date;
  error?: string;
  progressGroup?: { id: string; name: string };
}

/** Progress of a sub-task of a vertex (layer pulls, context transfer bytes). */
export interface VertexStatusUpdate {
  id: string;
  vertex: string;
  name: string;
  current: number;
  total: number;
  timestamp?: Date;
  started?: Date;
  completed?: Date;
}

/** Output a vertex printed. */
export interface VertexLogUpdate {
  vertex: string;
  stream: number;
  data: Buffer;
  timestamp?: Date;
}

/** A build-check warning BuildKit attached to a vertex. */
export interface VertexWarningUpdate {
  vertex: string;
  level: number;
  short: string;
  detail: string[];
  url: string;
  ranges: Array<{ startLine: number; endLine: number }>;
}

/** One message of the progress stream (live Status or replayed logs blob). */
export interface ProgressUpdate {
  vertexes: VertexUpdate[];
  statuses: VertexStatusUpdate[];
  logs: VertexLogUpdate[];
  warnings: VertexWarningUpdate[];
}

/** What Control.Info says about the server. */
export interface BuildkitInfo {
  version: string;
  revision: string;
  package: string;
}
