import { bytes } from '../../core/format.js';
import type { Finding } from '../../model/report.js';
import { endLineOf, imageLayers, type Rule } from '../input.js';

const KINDS = new Set(['docs', 'locales']);

/** BL012: documentation, man pages and locales a line of the Dockerfile added to the final image (licence files are not docs). */
export const BL012: Rule = {
  id: 'BL012',
  title: 'documentation and locales in the final image',
  severity: 'warning',
  explanation:
    'Packages install man pages, documentation and translations that nothing reads in a container. Remove them in the same RUN that ' +
    'installs the packages, or configure dpkg to skip them (path-exclude in /etc/dpkg/dpkg.cfg.d/). Each line is judged by what it ' +
    'added itself; copyright and licence files are left alone, as slim images keep them on purpose.',
  fix:
    'RUN apt-get install -y --no-install-recommends curl \\\n    && rm -rf /usr/share/doc /usr/share/man /usr/share/locale ' +
    '/var/lib/apt/lists/*',
  wholeImage: true,
  check(input) {
    const shipped = (input.layers?.finalCategories ?? []).filter((c) => KINDS.has(c.category));
    const total = shipped.reduce((n, c) => n + c.bytes, 0);
    const findings: Finding[] = [];
    for (const layer of imageLayers(input)) {
      if (layer.base || layer.line === undefined) continue;
      const own = layer.facts.categories.filter((c) => KINDS.has(c.category));
      // What a later line deleted does not ship: never claim more than the image holds.
      const added = Math.min(
        own.reduce((n, c) => n + c.bytes, 0),
        total,
      );
      if (added < input.config.thresholds.minDocsBytes) continue;
      findings.push({
        rule: 'BL012',
        severity: 'warning',
        line: layer.line,
        endLine: endLineOf(input, layer.line),
        message:
          `${bytes(added)} of documentation, man pages and locales added here ship in the image (${bytes(total)} in all, ` +
          `licence files not counted)`,
        savingsBytes: added,
        evidence: {
          bytes: added,
          totalInImage: total,
          categories: own.map((c) => ({ category: c.category, bytes: c.bytes, paths: c.paths.slice(0, 5) })),
        },
      });
    }
    return findings;
  },
};
