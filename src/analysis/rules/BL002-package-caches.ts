import type { CategoryFacts, PathCategory } from '../../model/facts.js';
import type { Finding } from '../../model/report.js';
import { bytes } from '../../core/format.js';
import { endLineOf, imageLayers, type AnalysisInput, type Rule } from '../input.js';

const CACHES: PathCategory[] = ['apt-lists', 'apt-archives', 'apk-cache', 'pip-cache', 'npm-cache', 'yarn-cache', 'go-cache'];
const HOW: Record<string, string> = {
  'apt-lists': 'end the RUN with `rm -rf /var/lib/apt/lists/*`',
  'apt-archives': 'end the RUN with `apt-get clean`',
  'apk-cache': 'use `apk add --no-cache`',
  'pip-cache': 'use `pip install --no-cache-dir`',
  'npm-cache': 'use `npm ci && npm cache clean --force` or a cache mount',
  'yarn-cache': 'use `yarn cache clean` in the same RUN or a cache mount',
  'go-cache': 'use `RUN --mount=type=cache,target=/root/.cache/go-build`',
};
// The caches of one layer that still ship, each counted at most at what the final image holds of it:
// bytes a later line deleted are BL001's waste, not a cache left in the image.
function shippedCaches(input: AnalysisInput, own: CategoryFacts[]): CategoryFacts[] {
  const final = new Map((input.layers?.finalCategories ?? []).map((c) => [c.category, c.bytes]));
  return own
    .filter((c) => CACHES.includes(c.category))
    .map((c) => ({ ...c, bytes: Math.min(c.bytes, final.get(c.category) ?? 0) }))
    .filter((c) => c.bytes > 0);
}

/** BL002: package-manager caches and indexes left in a layer of the image. */
export const BL002: Rule = {
  id: 'BL002',
  title: 'package-manager caches left in the image',
  severity: 'warning',
  explanation:
    'Package managers keep indexes and downloaded archives (apt lists and .debs, apk, pip, npm, yarn and Go caches). In an image they ' +
    'are dead weight: nothing at run time reads them. They must be removed in the same RUN that creates them; removing them in a ' +
    "later RUN saves nothing (see BL001). A cache mount keeps them out of the image and speeds up rebuilds. npm's debug logs " +
    '(~/.npm/_logs) are no cache: `npm cache clean --force` leaves them, so they are neither reported nor counted in what the fix ' +
    'saves.',
  fix:
    '# before\nRUN apt-get update && apt-get install -y curl\n# after\nRUN apt-get update && apt-get install -y ' +
    '--no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*',
  check(input) {
    const findings: Finding[] = [];
    for (const layer of imageLayers(input)) {
      if (layer.base || layer.line === undefined) continue;
      const caches = shippedCaches(input, layer.facts.categories);
      const total = caches.reduce((n, c) => n + c.bytes, 0);
      if (total < input.config.thresholds.minCacheBytes) continue;
      const how = caches.map((c) => HOW[c.category]).filter(Boolean);
      findings.push({
        rule: 'BL002',
        severity: 'warning',
        line: layer.line,
        endLine: endLineOf(input, layer.line),
        message:
          `${bytes(total)} of package-manager caches ship in this layer ` +
          `(${caches.map((c) => `${c.category} ${bytes(c.bytes)}`).join(', ')}): ${[...new Set(how)].join('; ')}`,
        savingsBytes: total,
        evidence: { caches: caches.map((c) => ({ category: c.category, bytes: c.bytes, files: c.files, paths: c.paths })) },
      });
    }
    return findings;
  },
};
