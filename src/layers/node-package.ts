import { z } from 'zod';
import { nodeModulesPlace } from './node-modules.js';

// What an installed package's own package.json says about the tree: the
// packages it depends on and the commands it provides. Rules use both to tell
// what `--omit=dev` would remove and which package a CMD runs.

const packageSchema = z.object({
  name: z.string().optional(),
  dependencies: z.record(z.string(), z.unknown()).optional(),
  optionalDependencies: z.record(z.string(), z.unknown()).optional(),
  bin: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
});

/** The tree root and package of a top-level package's own package.json (`<root>/node_modules/<pkg>/package.json`), else undefined. */
export function packageManifestPlace(path: string): { root: string; pkg: string } | undefined {
  if (!path.endsWith('/package.json')) return undefined;
  const place = nodeModulesPlace(path);
  if (!place?.pkg) return undefined;
  const own = `${place.root ? `${place.root}/` : ''}node_modules/${place.pkg}/package.json`;
  return path === own ? { root: place.root, pkg: place.pkg } : undefined;
}

/** The dependency names and command names of one installed package; nothing for a file that is not a package manifest. */
export function packageLinks(pkg: string, text: string): { dependencies: string[]; bins: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { dependencies: [], bins: [] };
  }
  const parsed = packageSchema.safeParse(json);
  if (!parsed.success) return { dependencies: [], bins: [] };
  const { dependencies = {}, optionalDependencies = {}, bin } = parsed.data;
  // A string bin is named after the package, without its scope.
  const bins = typeof bin === 'string' ? [pkg.slice(pkg.lastIndexOf('/') + 1)] : Object.keys(bin ?? {});
  return { dependencies: [...new Set([...Object.keys(dependencies), ...Object.keys(optionalDependencies)])], bins };
}
