import { z } from 'zod';
import type { ManifestFacts } from '../model/facts.js';
import { imageLayers, type AnalysisInput } from './input.js';

// devDependencies of each package.json in the image, matched with the
// node_modules tree beside it: shared by BL005 (dev deps shipped) and BL015
// (what a multi-stage split would drop).

const manifestSchema = z.object({ devDependencies: z.record(z.string(), z.unknown()).optional() });

/** Dev packages of one manifest found installed in one layer of the final image. */
export interface ShippedDevDependencies {
  manifest: string;
  /** The Dockerfile line of the layer whose node_modules holds the most of them. */
  line: number;
  bytes: number;
  packages: Record<string, number>;
}

function devDependencyNames(manifest: ManifestFacts): string[] {
  let json: unknown;
  try {
    json = JSON.parse(manifest.text);
  } catch {
    return [];
  }
  const parsed = manifestSchema.safeParse(json);
  return parsed.success ? Object.keys(parsed.data.devDependencies ?? {}) : [];
}

/** Per package.json (deduplicated by path: the top-most copy wins), the dev packages shipped; base image layers are not the user's. */
export function shippedDevDependencies(input: AnalysisInput): ShippedDevDependencies[] {
  const layers = imageLayers(input).filter((l) => !l.base);
  const manifests = new Map<string, ManifestFacts>();
  for (const layer of layers) for (const m of layer.facts.manifests) manifests.set(m.path, m);
  const out: ShippedDevDependencies[] = [];
  for (const manifest of manifests.values()) {
    const names = devDependencyNames(manifest);
    if (names.length === 0) continue;
    const root = manifest.path.includes('/') ? manifest.path.slice(0, manifest.path.lastIndexOf('/')) : '';
    let best: ShippedDevDependencies | undefined;
    for (const layer of layers) {
      const tree = layer.facts.nodeModules.find((t) => t.root === root);
      if (!tree || layer.line === undefined) continue;
      const packages = Object.fromEntries(names.flatMap((n) => (tree.packages[n] === undefined ? [] : [[n, tree.packages[n] ?? 0] as const])));
      const bytes = Object.values(packages).reduce((a, b) => a + b, 0);
      if (bytes > 0 && (!best || bytes > best.bytes)) best = { manifest: manifest.path, line: layer.line, bytes, packages };
    }
    if (best) out.push(best);
  }
  return out;
}
