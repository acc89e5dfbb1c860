import type { BuildHistoryRecord__Output } from './wire/moby/buildkit/v1/BuildHistoryRecord.js';
import type { BuildHistoryEvent__Output } from './wire/moby/buildkit/v1/BuildHistoryEvent.js';
import type { BuildResultInfo__Output } from './wire/moby/buildkit/v1/BuildResultInfo.js';
import type { Descriptor__Output } from './wire/moby/buildkit/v1/Descriptor.js';
import type { StatusResponse__Output } from './wire/moby/buildkit/v1/StatusResponse.js';
import type { Timestamp__Output } from './wire/google/protobuf/Timestamp.js';
import type { InfoResponse__Output } from './wire/moby/buildkit/v1/InfoResponse.js';
import type { BlobDescriptor, BuildkitInfo, ErrorDetail, BuildResultInfo, HistoryEvent, HistoryRecord, ProgressUpdate } from './types.js';

// The single place where wire messages become the project's own types.

/** A protobuf Timestamp as a Date; absent or zero timestamps become undefined. */
export function toDate(ts: Timestamp__Output | null | undefined): Date | undefined {
  if (!ts) return undefined;
  const seconds = Number(ts.seconds);
  if (seconds === 0 && ts.nanos === 0) return undefined;
  return new Date(seconds * 1000 + Math.floor(ts.nanos / 1e6));
}

/** A wire descriptor as a BlobDescriptor. */
export function toDescriptor(d: Descriptor__Output | null | undefined): BlobDescriptor | undefined {
  if (!d || !d.digest) return undefined;
  return { mediaType: d.mediaType, digest: d.digest, size: Number(d.size), annotations: { ...d.annotations } };
}

function toResultInfo(info: BuildResultInfo__Output | null | undefined): BuildResultInfo | undefined {
  if (!info) return undefined;
  const attestations = info.Attestations.map(toDescriptor).filter((d): d is BlobDescriptor => d !== undefined);
  const result = toDescriptor(info.ResultDeprecated) ?? toDescriptor(Object.values(info.Results)[0]);
  return result ? { attestations, result } : { attestations };
}

/** A history record as the project's HistoryRecord. */
export function toHistoryRecord(r: BuildHistoryRecord__Output): HistoryRecord {
  const results: Record<string, BuildResultInfo> = {};
  for (const [platform, info] of Object.entries(r.Results)) {
    const converted = toResultInfo(info);
    if (converted) results[platform] = converted;
  }
  const record: HistoryRecord = {
    ref: r.Ref,
    frontend: r.Frontend,
    frontendAttrs: { ...r.FrontendAttrs },
    exporters: r.Exporters.map((e) => ({ type: e.Type, attrs: { ...e.Attrs } })),
    exporterResponse: { ...r.ExporterResponse },
    results,
    generation: r.Generation,
    numCachedSteps: r.numCachedSteps,
    numTotalSteps: r.numTotalSteps,
    numCompletedSteps: r.numCompletedSteps,
  };
  if (r.error && (r.error.code !== 0 || r.error.message)) {
    record.error = { code: r.error.code, message: r.error.message, details: r.error.details.map(toErrorDetail) };
  }
  const createdAt = toDate(r.CreatedAt);
  if (createdAt) record.createdAt = createdAt;
  const completedAt = toDate(r.CompletedAt);
  if (completedAt) record.completedAt = completedAt;
  const logs = toDescriptor(r.logs);
  if (logs) record.logs = logs;
  const trace = toDescriptor(r.trace);
  if (trace) record.trace = trace;
  const result = toResultInfo(r.Result);
  if (result) record.result = result;
  return record;
}

// BuildKit encodes its error details (errdefs.Source, errdefs.Vertex, stacks)
// as JSON under type URLs ending in "+json" (moby/buildkit util/grpcerrors).
function toErrorDetail(any: { type_url: string; value: Buffer }): ErrorDetail {
  if (!any.type_url.endsWith('+json')) return { type: any.type_url };
  try {
    return { type: any.type_url, json: JSON.parse(any.value.toString('utf8')) };
  } catch {
    return { type: any.type_url };
  }
}

/** A history event; BuildKit leaves STARTED (0) out on the wire, so absent means started. */
export function toHistoryEvent(e: BuildHistoryEvent__Output): HistoryEvent | undefined {
  if (!e.record) return undefined;
  const type = e.type === 'COMPLETE' ? 'complete' : e.type === 'DELETED' ? 'deleted' : 'started';
  return { type, record: toHistoryRecord(e.record) };
}

/** A StatusResponse as a ProgressUpdate. */
export function toProgressUpdate(s: StatusResponse__Output): ProgressUpdate {
  return {
    vertexes: s.vertexes.map((v) => {
      const started = toDate(v.started);
      const completed = toDate(v.completed);
      return {
        digest: v.digest,
        inputs: [...v.inputs],
        name: v.name,
        cached: v.cached,
        ...(started ? { started } : {}),
        ...(completed ? { completed } : {}),
        ...(v.error ? { error: v.error } : {}),
        ...(v.progressGroup ? { progressGroup: { id: v.progressGroup.id, name: v.progressGroup.name } } : {}),
      };
    }),
    statuses: s.statuses.map((st) => {
      const timestamp = toDate(st.timestamp);
      const started = toDate(st.started);
      const completed = toDate(st.completed);
      return {
        id: st.ID,
        vertex: st.vertex,
        name: st.name,
        current: Number(st.current),
        total: Number(st.total),
        ...(timestamp ? { timestamp } : {}),
        ...(started ? { started } : {}),
        ...(completed ? { completed } : {}),
      };
    }),
    logs: s.logs.map((l) => {
      const timestamp = toDate(l.timestamp);
      return { vertex: l.vertex, stream: Number(l.stream), data: l.msg, ...(timestamp ? { timestamp } : {}) };
    }),
    warnings: s.warnings.map((w) => ({
      vertex: w.vertex,
      level: Number(w.level),
      short: w.short.toString('utf8'),
      detail: w.detail.map((d) => d.toString('utf8')),
      url: w.url,
      ranges: w.ranges.map((r) => ({ startLine: r.start?.line ?? 0, endLine: r.end?.line ?? 0 })),
    })),
  };
}

/** Control.Info as BuildkitInfo. */
export function toInfo(i: InfoResponse__Output): BuildkitInfo {
  return {
    version: i.buildkitVersion?.version ?? '',
    revision: i.buildkitVersion?.revision ?? '',
    package: i.buildkitVersion?.package ?? '',
  };
}
