// The build context as a list of what buildx would send, one entry per file,
// so two builds' contexts can be compared without keeping their contents.
import { z } from 'zod';

/** One sent file or symlink (directories are implied by paths). */
export const manifestEntrySchema = z.object({
  /** Slash-separated, relative to the context directory, no leading "./". */
  path: z.string().min(1),
  /** Bytes of a regular file; for a symlink, the length of its target text. */
  size: z.number().int().nonnegative(),
  /** Full st_mode, type bits included, so a file turning into a symlink is a change. */
  mode: z.number().int().nonnegative(),
  /** Hex SHA-256 of the contents (symlink: of the target text); null when not hashed. */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  /** Kept only when sha256 is null, so a change can still be noticed by size and mtime. */
  mtimeMs: z.number().optional(),
});

/** One sent file or symlink of the context. */
export type ManifestEntry = z.infer<typeof manifestEntrySchema>;

/** Validates a manifest read back from disk; entries stay sorted by path. */
export const contextManifestSchema = z.object({
  version: z.literal(1),
  entries: z.array(manifestEntrySchema),
});

/** What buildx would send, sorted by path (byte order). */
export type ContextManifest = z.infer<typeof contextManifestSchema>;

/** Byte-order comparison, the same on every locale, so manifests sort reproducibly. */
export function comparePaths(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Symlink mode bits, to tell link entries apart from files. */
export function isSymlinkMode(mode: number): boolean {
  return (mode & 0o170000) === 0o120000;
}
