import { z } from 'zod';

// The metadata file buildx writes with --metadata-file. Kept apart from the
// runner so zod is loaded after buildx has started, not before.

// Each field is optional and falls back to undefined on its own, so one odd
// field from a future buildx does not cost us the ref.
/** Schema of buildx's metadata file. */
export const metadataSchema = z.looseObject({
  'buildx.build.ref': z.string().optional().catch(undefined),
  'containerimage.digest': z.string().optional().catch(undefined),
  'containerimage.config.digest': z.string().optional().catch(undefined),
  'image.name': z.string().optional().catch(undefined),
  'buildx.build.provenance': z.record(z.string(), z.unknown()).optional().catch(undefined),
});

/** What buildx wrote to its metadata file (validated; unknown keys kept). */
export type BuildxMetadata = z.infer<typeof metadataSchema>;
