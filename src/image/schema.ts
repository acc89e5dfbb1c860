import { z } from 'zod';

// The JSON documents of an image, validated where they enter: OCI index and
// manifest (and their Docker v2 twins), the image config, and the
// manifest.json that `docker save` and kaniko write. Unknown fields pass
// through: other tools add their own.

const digest = z.string().regex(/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/, 'not a digest');

/** A platform as an index names it. */
export const platformSchema = z
  .object({ os: z.string(), architecture: z.string(), variant: z.string().optional(), 'os.version': z.string().optional() })
  .passthrough();

/** A content descriptor. */
export const descriptorSchema = z
  .object({
    mediaType: z.string().optional(),
    digest,
    size: z.number().int().nonnegative(),
    platform: platformSchema.optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  })
  .passthrough();

/** An OCI image index or a Docker manifest list. */
export const indexSchema = z
  .object({ schemaVersion: z.literal(2), mediaType: z.string().optional(), manifests: z.array(descriptorSchema) })
  .passthrough();

/** An OCI image manifest or a Docker v2 schema 2 manifest. */
export const manifestSchema = z
  .object({ schemaVersion: z.literal(2), mediaType: z.string().optional(), config: descriptorSchema, layers: z.array(descriptorSchema) })
  .passthrough();

/** One entry of an image's history. */
export const historySchema = z
  .object({
    created: z.string().optional(),
    created_by: z.string().optional(),
    author: z.string().optional(),
    comment: z.string().optional(),
    empty_layer: z.boolean().optional(),
  })
  .passthrough();

/** An image config (OCI or Docker). */
export const imageConfigSchema = z
  .object({
    architecture: z.string().optional(),
    os: z.string().optional(),
    variant: z.string().optional(),
    created: z.string().optional(),
    config: z.record(z.string(), z.unknown()).nullable().optional(),
    rootfs: z.object({ type: z.string(), diff_ids: z.array(digest) }).passthrough(),
    history: z.array(historySchema).nullable().optional(),
  })
  .passthrough();

/** One image of a docker-archive's manifest.json. */
export const archiveManifestEntrySchema = z
  .object({ Config: z.string(), RepoTags: z.array(z.string()).nullable().optional(), Layers: z.array(z.string()) })
  .passthrough();

/** A docker-archive's manifest.json. */
export const archiveManifestSchema = z.array(archiveManifestEntrySchema);

/** A descriptor. */
export type Descriptor = z.infer<typeof descriptorSchema>;
/** A platform. */
export type Platform = z.infer<typeof platformSchema>;
/** An image index. */
export type ImageIndex = z.infer<typeof indexSchema>;
/** An image manifest. */
export type ImageManifest = z.infer<typeof manifestSchema>;
/** An image config. */
export type ImageConfig = z.infer<typeof imageConfigSchema>;
/** A history entry. */
export type HistoryEntry = z.infer<typeof historySchema>;
/** An entry of manifest.json. */
export type ArchiveManifestEntry = z.infer<typeof archiveManifestEntrySchema>;
