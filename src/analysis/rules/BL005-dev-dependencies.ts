import { bytes } from '../../core/format.js';
import type { Finding } from '../../model/report.js';
import { appManifest, shippedDevDependencies, type ShippedDevDependencies } from '../dev-dependencies.js';
import { developmentImage } from '../dev-server.js';
import { globalDevTools } from '../global-dev-tools.js';
import { endLineOf, type AnalysisInput, type Rule } from '../input.js';

// The project's own package manager, told by the install line and the manifest.
function omitDevAdvice(input: AnalysisInput, d: ShippedDevDependencies): string {
  const run = input.dockerfile.stages.flatMap((s) => s.instructions).find((i) => i.line === d.line)?.args ?? '';
  const manager = d.json.packageManager ?? '';
  if (/\bpnpm\b/.test(run) || manager.startsWith('pnpm@')) return 'install with `pnpm install --prod --frozen-lockfile`';
  if (/\byarn\b/.test(run) || manager.startsWith('yarn@')) {
    const berry = /^yarn@([2-9]|\d\d)/.test(manager) || /--immutable|workspaces\s+focus/.test(run);
    return berry ? 'install with `yarn workspaces focus --all --production`' : 'install with `yarn install --production --frozen-lockfile`';
  }
  return 'install with `npm ci --omit=dev` (or `npm prune --omit=dev` after building)';
}

function shippedFinding(input: AnalysisInput, d: ShippedDevDependencies): Finding {
  const top = Object.entries(d.packages)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5);
  const dev = developmentImage(input, d.json, d.devBins);
  const what =
    `${bytes(d.bytes)} of devDependencies from ${d.manifest} ship in the final image (${d.closure.length} ` +
    `${d.closure.length === 1 ? 'package' : 'packages'} only devDependencies need; ${top.map(([n, b]) => `${n} ${bytes(b)}`).join(', ')})`;
  return {
    rule: 'BL005',
    severity: dev ? 'info' : 'warning',
    line: d.line,
    endLine: endLineOf(input, d.line),
    message: dev
      ? `${what}, as this image needs: ${dev}; a production target should ` +
        `${omitDevAdvice(input, d).replace('install with', 'install them with')}`
      : `${what}: ${omitDevAdvice(input, d)}`,
    savingsBytes: d.bytes,
    evidence: { manifest: d.manifest, packages: d.packages, closurePackages: d.closure.length, ...(dev ? { developmentImage: dev } : {}) },
  };
}

/** BL005: development dependencies shipped in the final image, and dev tools installed globally into it. */
export const BL005: Rule = {
  id: 'BL005',
  title: 'development dependencies in the final image',
  severity: 'warning',
  explanation:
    'Test runners, bundlers, linters and type checkers listed in devDependencies are needed to build and test, not to run; so are dev ' +
    'tools installed globally (`npm install -g nodemon`). The final image should come from a production install (`npm ci ' +
    '--omit=dev`, `yarn install --production`, `pnpm install --prod`) or a stage that prunes them. What it saves is everything only ' +
    'devDependencies pull in. An image that runs a dev server (a development target, a CMD that starts nodemon, `ng serve`, ' +
    '`react-scripts start`) needs them: there it is only noted.',
  fix: '# before\nRUN npm ci\n# after\nRUN npm ci --omit=dev',
  check(input) {
    const shipped = shippedDevDependencies(input);
    const findings = shipped.filter((d) => d.bytes >= input.config.thresholds.minDevDependencyBytes).map((d) => shippedFinding(input, d));
    if (developmentImage(input, shipped[0]?.json ?? appManifest(input), shipped[0]?.devBins ?? {})) return findings;
    for (const g of globalDevTools(input)) {
      findings.push({
        rule: 'BL005',
        severity: 'warning',
        line: g.instruction.line,
        endLine: g.instruction.endLine,
        message:
          `${g.tools.join(', ')} ${g.tools.length > 1 ? 'are development tools' : 'is a development tool'} installed globally ` +
          `into the final image${g.bytes ? ` (${bytes(g.bytes)})` : ''}: install ${g.tools.length > 1 ? 'them' : 'it'} in a build or ` +
          `development stage only`,
        ...(g.bytes ? { savingsBytes: g.bytes } : {}),
        evidence: { globalTools: g.tools, bytes: g.bytes },
      });
    }
    return findings;
  },
};
