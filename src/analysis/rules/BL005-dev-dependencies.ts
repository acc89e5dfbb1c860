import { z } from 'zod';
import { bytes } from '../../report/format.js';
import { endLineOf, imageLayers, type Rule } from '../input.js';

const manifestSchema = z.object({ devDependencies: z.record(z.string(), z.unknown()).optional() }).passthrough();

/** BL005: development dependencies shipped in the final image. */
export const BL005: Rule = {
  id: 'BL005',
  title: 'development dependencies in the final image',
  severity: 'warning',
  explanation:
    'Test runners, bundlers, linters and type checkers listed in devDependencies are needed to build and test, not to run. `npm ci` installs them; the final image should come from `npm ci --omit=dev` (or a stage that prunes them before copying node_modules).',
  fix: '# before\nRUN npm ci\n# after\nRUN npm ci --omit=dev',
  check(input) {
    const findings = [];
    const layers = imageLayers(input).filter((l) => !l.base);
    const manifests = layers.flatMap((l) => l.facts.manifests);
    for (const manifest of manifests) {
      let devDeps: string[] = [];
      try {
        devDeps = Object.keys(manifestSchema.parse(JSON.parse(manifest.text)).devDependencies ?? {});
      } catch {
        continue;
      }
      if (devDeps.length === 0) continue;
      const root = manifest.path.includes('/') ? manifest.path.slice(0, manifest.path.lastIndexOf('/')) : '';
      // The layer whose node_modules holds the most dev dependency bytes.
      let best: { line: number; total: number; packages: Record<string, number> } | undefined;
      for (const layer of layers) {
        const tree = layer.facts.nodeModules.find((t) => t.root === root);
        if (!tree || layer.line === undefined) continue;
        const packages = Object.fromEntries(devDeps.filter((d) => tree.packages[d] !== undefined).map((d) => [d, tree.packages[d] ?? 0]));
        const total = Object.values(packages).reduce((a, b) => a + b, 0);
        if (!best || total > best.total) best = { line: layer.line, total, packages };
      }
      if (!best || best.total < input.config.thresholds.minDevDependencyBytes) continue;
      const top = Object.entries(best.packages).sort((a, b) => b[1] - a[1]).slice(0, 5);
      findings.push({
        rule: 'BL005',
        severity: 'warning' as const,
        line: best.line,
        endLine: endLineOf(input, best.line),
        message: `${bytes(best.total)} of devDependencies from ${manifest.path} ship in the final image (${top.map(([n, b]) => `${n} ${bytes(b)}`).join(', ')}): install with --omit=dev`,
        savingsBytes: best.total,
        evidence: { manifest: manifest.path, packages: best.packages },
      });
    }
    return findings;
  },
};
