import { bytes } from '../../core/format.js';
import { shippedDevDependencies } from '../dev-dependencies.js';
import { endLineOf, type Rule } from '../input.js';

/** BL005: development dependencies shipped in the final image. */
export const BL005: Rule = {
  id: 'BL005',
  title: 'development dependencies in the final image',
  severity: 'warning',
  explanation:
    'Test runners, bundlers, linters and type checkers listed in devDependencies are needed to build and test, not to run. `npm ci` installs them; the final image should come from `npm ci --omit=dev` (or a stage that prunes them before copying node_modules).',
  fix: '# before\nRUN npm ci\n# after\nRUN npm ci --omit=dev',
  check(input) {
    return shippedDevDependencies(input)
      .filter((d) => d.bytes >= input.config.thresholds.minDevDependencyBytes)
      .map((d) => {
        const top = Object.entries(d.packages).sort((a, b) => b[1] - a[1]).slice(0, 5);
        return {
          rule: 'BL005' as const,
          severity: 'warning' as const,
          line: d.line,
          endLine: endLineOf(input, d.line),
          message: `${bytes(d.bytes)} of devDependencies from ${d.manifest} ship in the final image (${top.map(([n, b]) => `${n} ${bytes(b)}`).join(', ')}): install with --omit=dev`,
          savingsBytes: d.bytes,
          evidence: { manifest: d.manifest, packages: d.packages },
        };
      });
  },
};
