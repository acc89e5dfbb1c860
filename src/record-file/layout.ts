// The OCI image layout inside a build record file: index.json names either
// one record manifest or a nested index of several (one per record, each
// annotated with its ref); a record manifest's config is the history record
// JSON and its layers are the build's blobs (logs, trace, provenance, result).
import { z } from 'zod';

/** Media type of the config that marks a manifest as a build history record. */
export const HISTORY_RECORD_V0 = 'application/vnd.buildkit.historyrecord.v0';
const HISTORY_RECORD_PREFIX = 'application/vnd.buildkit.historyrecord.';
/** Annotation naming the record's ref on its manifest's descriptor (multi-record files). */
export const REF_ANNOTATION = 'vnd.buildkit.history.reference';

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);
const MANIFEST_TYPES = new Set(['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json']);
// Nested indexes seen: one level. A few more are tolerated; a cycle or a deep chain is not a record file.
const MAX_DEPTH = 4;

/** Matches an OCI digest of a known algorithm. */
export const DIGEST_PATTERN = /^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$/;

/** An OCI content descriptor; unknown fields are dropped. */
export const ociDescriptorSchema = z.object({
  mediaType: z.string(),
  digest: z.string().regex(DIGEST_PATTERN, 'not a sha256 or sha512 digest'),
  size: z.number().int().nonnegative(),
  annotations: z.record(z.string(), z.string()).optional(),
});

/** An OCI content descriptor. */
export type OciDescriptor = z.infer<typeof ociDescriptorSchema>;

/** index.json or a nested index. */
export const ociIndexSchema = z.object({ manifests: z.array(ociDescriptorSchema) });

/** An image manifest (a record manifest is one). */
export const ociManifestSchema = z.object({ config: ociDescriptorSchema, layers: z.array(ociDescriptorSchema).optional() });

/** One record manifest found in the layout. */
export interface RecordManifest {
  digest: string;
  /** The ref its descriptor is annotated with, when the file holds several records. */
  annotatedRef?: string;
  config: OciDescriptor;
  layers: OciDescriptor[];
}

/** Record manifests, and the media types of records too new to read. */
export interface LayoutRecords {
  manifests: RecordManifest[];
  newerFormats: string[];
}

/** Reads one JSON blob of the layout, parsed. */
export type LoadJson = (descriptor: OciDescriptor) => Promise<unknown>;

/** Validates a layout JSON document; the error names the blob and the first bad field. */
export function parseLayoutJson<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`${what} is not valid (${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'})`);
}

/** Walks from index.json to every history record manifest, in file order. */
export async function findRecordManifests(index: z.infer<typeof ociIndexSchema>, load: LoadJson): Promise<LayoutRecords> {
  const found: LayoutRecords = { manifests: [], newerFormats: [] };
  const seen = new Set<string>();
  async function walk(descriptors: OciDescriptor[], depth: number): Promise<void> {
    for (const descriptor of descriptors) {
      if (seen.has(descriptor.digest)) continue;
      seen.add(descriptor.digest);
      if (INDEX_TYPES.has(descriptor.mediaType) && depth < MAX_DEPTH) {
        const nested = parseLayoutJson(ociIndexSchema, await load(descriptor), `index ${descriptor.digest}`);
        await walk(nested.manifests, depth + 1);
      } else if (MANIFEST_TYPES.has(descriptor.mediaType)) {
        const manifest = parseLayoutJson(ociManifestSchema, await load(descriptor), `manifest ${descriptor.digest}`);
        const type = manifest.config.mediaType;
        if (type === HISTORY_RECORD_V0) {
          const entry: RecordManifest = { digest: descriptor.digest, config: manifest.config, layers: manifest.layers ?? [] };
          const ref = descriptor.annotations?.[REF_ANNOTATION];
          if (ref) entry.annotatedRef = ref;
          found.manifests.push(entry);
        } else if (type.startsWith(HISTORY_RECORD_PREFIX) && !found.newerFormats.includes(type)) {
          found.newerFormats.push(type);
        }
      }
    }
  }
  await walk(index.manifests, 0);
  return found;
}
