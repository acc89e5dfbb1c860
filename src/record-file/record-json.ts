// The history record as a build record file stores it: BuildKit's
// BuildHistoryRecord message written by Go's encoding/json (field names as in
// the proto, timestamps as {seconds, nanos}, bytes as base64). Validated
// leniently: newer BuildKits add fields, which are ignored, and the protobuf
// JSON mapping (camelCase descriptors, RFC 3339 times, int64 as strings) is
// taken too. Converted into the same HistoryRecord the gRPC client yields.
import { z } from 'zod';
import type { BlobDescriptor, BuildResultInfo, ErrorDetail, HistoryRecord } from '../buildkit/types.js';

const int = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);
const stringMap = z.record(z.string(), z.string()).nullish();

const timestamp = z.union([z.object({ seconds: int.optional(), nanos: int.optional() }), z.string()]).nullish();

const descriptor = z
  .object({
    media_type: z.string().optional(),
    mediaType: z.string().optional(),
    digest: z.string().optional(),
    size: int.optional(),
    annotations: stringMap,
  })
  .nullish();

const resultInfo = z
  .object({
    ResultDeprecated: descriptor,
    Attestations: z.array(descriptor).nullish(),
    Results: z.record(z.string(), descriptor).nullish(),
  })
  .nullish();

const status = z
  .object({
    code: int.optional(),
    message: z.string().optional(),
    details: z.array(z.object({ type_url: z.string().optional(), '@type': z.string().optional(), value: z.string().optional() })).nullish(),
  })
  .nullish();

/** The record JSON (config blob of media type application/vnd.buildkit.historyrecord.v0). */
export const historyRecordJsonSchema = z.object({
  Ref: z.string().min(1),
  Frontend: z.string().optional(),
  FrontendAttrs: stringMap,
  Exporters: z.array(z.object({ Type: z.string().optional(), Attrs: stringMap })).nullish(),
  error: status,
  CreatedAt: timestamp,
  CompletedAt: timestamp,
  logs: descriptor,
  ExporterResponse: stringMap,
  Result: resultInfo,
  Results: z.record(z.string(), resultInfo).nullish(),
  Generation: int.optional(),
  trace: descriptor,
  numCachedSteps: int.optional(),
  numTotalSteps: int.optional(),
  numCompletedSteps: int.optional(),
  externalError: descriptor,
  numWarnings: int.optional(),
});

/** The record JSON as validated. */
export type HistoryRecordJson = z.infer<typeof historyRecordJsonSchema>;
type DescriptorJson = z.infer<typeof descriptor>;
type ResultJson = z.infer<typeof resultInfo>;

// Zero timestamps mean "not set", as on the wire.
function toDate(ts: z.infer<typeof timestamp>): Date | undefined {
  if (!ts) return undefined;
  if (typeof ts === 'string') {
    const ms = Date.parse(ts);
    return Number.isNaN(ms) || ms === 0 ? undefined : new Date(ms);
  }
  const seconds = ts.seconds ?? 0;
  const nanos = ts.nanos ?? 0;
  if (seconds === 0 && nanos === 0) return undefined;
  return new Date(seconds * 1000 + Math.floor(nanos / 1e6));
}

/** A descriptor of the record JSON as a BlobDescriptor; undefined when it names no digest. */
export function toBlobDescriptor(d: DescriptorJson): BlobDescriptor | undefined {
  if (!d?.digest) return undefined;
  return { mediaType: d.media_type ?? d.mediaType ?? '', digest: d.digest, size: d.size ?? 0, annotations: { ...d.annotations } };
}

function toResultInfo(info: ResultJson): BuildResultInfo | undefined {
  if (!info) return undefined;
  const attestations = (info.Attestations ?? []).map(toBlobDescriptor).filter((d): d is BlobDescriptor => d !== undefined);
  const result = toBlobDescriptor(info.ResultDeprecated) ?? toBlobDescriptor(Object.values(info.Results ?? {})[0]);
  return result ? { attestations, result } : { attestations };
}

// BuildKit's error details under type URLs ending in "+json" carry JSON (errdefs.Source, errdefs.Vertex, ...).
function toErrorDetail(detail: { type_url?: string | undefined; '@type'?: string | undefined; value?: string | undefined }): ErrorDetail {
  const type = detail.type_url ?? detail['@type'] ?? '';
  if (!type.endsWith('+json') || detail.value === undefined) return { type };
  try {
    return { type, json: JSON.parse(Buffer.from(detail.value, 'base64').toString('utf8')) };
  } catch {
    return { type };
  }
}

/** The record JSON as the project's HistoryRecord, field for field as the gRPC client converts it. */
export function toHistoryRecord(r: HistoryRecordJson): HistoryRecord {
  const results: Record<string, BuildResultInfo> = {};
  for (const [platform, info] of Object.entries(r.Results ?? {})) {
    const converted = toResultInfo(info);
    if (converted) results[platform] = converted;
  }
  const record: HistoryRecord = {
    ref: r.Ref,
    frontend: r.Frontend ?? '',
    frontendAttrs: { ...r.FrontendAttrs },
    exporters: (r.Exporters ?? []).map((e) => ({ type: e.Type ?? '', attrs: { ...e.Attrs } })),
    exporterResponse: { ...r.ExporterResponse },
    results,
    generation: r.Generation ?? 0,
    numCachedSteps: r.numCachedSteps ?? 0,
    numTotalSteps: r.numTotalSteps ?? 0,
    numCompletedSteps: r.numCompletedSteps ?? 0,
  };
  if (r.error && ((r.error.code ?? 0) !== 0 || r.error.message)) {
    record.error = { code: r.error.code ?? 0, message: r.error.message ?? '', details: (r.error.details ?? []).map(toErrorDetail) };
  }
  const createdAt = toDate(r.CreatedAt);
  if (createdAt) record.createdAt = createdAt;
  const completedAt = toDate(r.CompletedAt);
  if (completedAt) record.completedAt = completedAt;
  const logs = toBlobDescriptor(r.logs);
  if (logs) record.logs = logs;
  const trace = toBlobDescriptor(r.trace);
  if (trace) record.trace = trace;
  const result = toResultInfo(r.Result);
  if (result) record.result = result;
  return record;
}
