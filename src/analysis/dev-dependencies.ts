import { z } from 'zod';
import type { ManifestFacts, NodeModulesFacts } from '../model/facts.js';
import { imageLayers, type AnalysisInput } from './input.js';

// devDependencies of each package.json in the image, matched with the
// node_modules tree beside it: shared by BL005 (dev deps shipped) and BL015
// (what a multi-stage split would drop). What ships is the whole closure only
// devDependencies reach, which is what `--omit=dev` removes, not just the
// direct dev packages' own folders.

const manifestSchema = z.object({
  dependencies: z.record(z.string(), z.unknown()).optional(),
  optionalDependencies: z.record(z.string(), z.unknown()).optional(),
  peerDependencies: z.record(z.string(), z.unknown()).optional(),
  devDependencies: z.record(z.string(), z.unknown()).optional(),
  scripts: z.record(z.string(), z.string()).optional(),
  packageManager: z.string().optional(),
});

/** A package.json as rules read it. */
export type AppManifest = z.infer<typeof manifestSchema>;

/** Dev packages of one manifest found installed in one layer of the final image. */
export interface ShippedDevDependencies {
  manifest: string;
  /** The parsed package.json. */
  json: AppManifest;
  /** The Dockerfile line of the layer whose node_modules holds the most of them. */
  line: number;
  /** What `--omit=dev` would remove: every package only devDependencies reach (the direct ones when the tree's links are unknown). */
  bytes: number;
  /** Bytes of the direct devDependencies found installed. */
  packages: Record<string, number>;
  /** Every package only devDependencies reach, direct or not. */
  closure: string[];
  /** Commands the dev-only packages provide (command → package). */
  devBins: Record<string, string>;
}

/** The package.json text parsed, or undefined when it is not one. */
export function parseManifest(text: string): AppManifest | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = manifestSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

// Packages of the tree reachable from the manifest's runtime dependencies; undefined when the tree has no links.
function runtimeClosure(json: AppManifest, tree: NodeModulesFacts): Set<string> | undefined {
  if (!tree.dependencies || Object.keys(tree.dependencies).length === 0) return undefined;
  const seen = new Set<string>();
  const queue = [
    ...Object.keys(json.dependencies ?? {}),
    ...Object.keys(json.optionalDependencies ?? {}),
    ...Object.keys(json.peerDependencies ?? {}),
  ];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (seen.has(name) || tree.packages[name] === undefined) continue;
    seen.add(name);
    queue.push(...(tree.dependencies[name] ?? []));
  }
  return seen;
}

// The dev-only part of one tree for one manifest.
function devPart(
  json: AppManifest,
  tree: NodeModulesFacts,
): { bytes: number; packages: Record<string, number>; closure: string[]; devBins: Record<string, string> } {
  const direct = Object.keys(json.devDependencies ?? {});
  const runtime = runtimeClosure(json, tree);
  const closure = runtime
    ? Object.keys(tree.packages).filter((p) => !p.startsWith('.') && !runtime.has(p))
    : direct.filter((n) => tree.packages[n] !== undefined);
  const packages = Object.fromEntries(
    direct.flatMap((n) => (tree.packages[n] === undefined || runtime?.has(n) ? [] : [[n, tree.packages[n] ?? 0] as const])),
  );
  const inClosure = new Set(closure);
  const devBins = Object.fromEntries(Object.entries(tree.bins ?? {}).filter(([, pkg]) => inClosure.has(pkg)));
  return { bytes: closure.reduce((n, p) => n + (tree.packages[p] ?? 0), 0), packages, closure, devBins };
}

/** Per package.json (deduplicated by path: the top-most copy wins), the dev packages shipped; base image layers are not the user's. */
export function shippedDevDependencies(input: AnalysisInput): ShippedDevDependencies[] {
  const layers = imageLayers(input).filter((l) => !l.base);
  const manifests = new Map<string, ManifestFacts>();
  for (const layer of layers) for (const m of layer.facts.manifests) manifests.set(m.path, m);
  const out: ShippedDevDependencies[] = [];
  for (const manifest of manifests.values()) {
    const json = parseManifest(manifest.text);
    if (!json || Object.keys(json.devDependencies ?? {}).length === 0) continue;
    const root = manifest.path.includes('/') ? manifest.path.slice(0, manifest.path.lastIndexOf('/')) : '';
    let best: ShippedDevDependencies | undefined;
    for (const layer of layers) {
      const tree = layer.facts.nodeModules.find((t) => t.root === root);
      if (!tree || layer.line === undefined) continue;
      const part = devPart(json, tree);
      if (part.bytes > 0 && (!best || part.bytes > best.bytes)) best = { manifest: manifest.path, json, line: layer.line, ...part };
    }
    if (best) out.push(best);
  }
  return out;
}

/** The app's package.json: the top-most one the Dockerfile's own layers hold, parsed. */
export function appManifest(input: AnalysisInput): AppManifest | undefined {
  const manifests = imageLayers(input)
    .filter((l) => !l.base)
    .flatMap((l) => l.facts.manifests);
  for (const m of manifests.reverse()) {
    const json = parseManifest(m.text);
    if (json) return json;
  }
  return undefined;
}
