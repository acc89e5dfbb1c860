import { z } from 'zod';
import { nodeModulesPlace } from './node-modules.js';

// What an installed package's own package.json says about the tree: the
// packages it depends on and the commands it provides. Rules use both to tell
// what `--omit=dev` would remove and which package a CMD runs. A package
// nested under another counts toward it, and so do its dependencies (they
// may be hoisted to the top level).

const packageSchema = z.object({
  name: z.string().optional(),
  dependencies: z.record(z.string(), z.unknown()).optional(),
  optionalDependencies: z.record(z.string(), z.unknown()).optional(),
  bin: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
});

/**
 * Where an installed package's own package.json sits: its tree, the top-level
 * package it counts toward, and whether it is that package's own manifest
 * (a nested one, `node_modules/a/node_modules/b/package.json`, counts toward a).
 */
export function packageManifestPlace(path: string): { root: string; pkg: string; topLevel: boolean } | undefined {
  if (!/(^|\/)node_modules\/(@[^/]+\/)?[^/]+\/package\.json$/.test(path)) return undefined;
  const place = nodeModulesPlace(path);
  if (!place?.pkg) return undefined;
  const own = `${place.root ? `${place.root}/` : ''}node_modules/${place.pkg}/package.json`;
  return { root: place.root, pkg: place.pkg, topLevel: path === own };
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
