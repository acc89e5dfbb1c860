import { z } from 'zod';
import type { LayerFacts, PathCategory } from '../model/facts.js';

// LayerFacts as read back from disk (the layer cache): a file on disk is
// outside data like any other, so it is validated, never cast.

/** Every path category, at run time. */
export const PATH_CATEGORIES = [
  'apt-lists',
  'apt-archives',
  'apk-cache',
  'pip-cache',
  'npm-cache',
  'yarn-cache',
  'go-cache',
  'docs',
  'locales',
  'toolchain',
  'secret',
] as const satisfies readonly PathCategory[];

// Fails to compile when PathCategory gains a member the list above lacks.
type Missing = Exclude<PathCategory, (typeof PATH_CATEGORIES)[number]>;
const everyCategoryListed: [Missing] extends [never] ? true : Missing = true;
void everyCategoryListed;

const sizedPath = z.object({ path: z.string(), size: z.number() });

/** Schema of LayerFacts. */
export const layerFactsSchema: z.ZodType<LayerFacts> = z.object({
  digest: z.string(),
  mediaType: z.string(),
  size: z.number(),
  uncompressedSize: z.number(),
  files: z.number(),
  addedBytes: z.number(),
  deletions: z.array(z.string()),
  opaqueDirs: z.array(z.string()),
  largestFiles: z.array(sizedPath),
  largestDirs: z.array(sizedPath),
  categories: z.array(z.object({ category: z.enum(PATH_CATEGORIES), bytes: z.number(), files: z.number(), paths: z.array(z.string()) })),
  nodeModules: z.array(
    z.object({
      root: z.string(),
      bytes: z.number(),
      packages: z.record(z.string(), z.number()),
      dependencies: z.record(z.string(), z.array(z.string())).optional(),
      bins: z.record(z.string(), z.string()).optional(),
    }),
  ),
  manifests: z.array(z.object({ path: z.string(), text: z.string() })),
  notes: z.array(z.string()),
});
