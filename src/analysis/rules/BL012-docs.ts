import { bytes } from '../../core/format.js';
import { endLineOf, imageLayers, type Rule } from '../input.js';

/** BL012: documentation, man pages and locales in the final image. */
export const BL012: Rule = {
  id: 'BL012',
  title: 'documentation and locales in the final image',
  severity: 'warning',
  explanation:
    'Packages install man pages, documentation and translations that nothing reads in a container. Remove them in the same RUN that installs the packages, or configure dpkg to skip them (path-exclude in /etc/dpkg/dpkg.cfg.d/).',
  fix: 'RUN apt-get install -y --no-install-recommends curl \\\n    && rm -rf /usr/share/doc /usr/share/man /usr/share/locale /var/lib/apt/lists/*',
  check(input) {
    const shipped = (input.layers?.finalCategories ?? []).filter((c) => c.category === 'docs' || c.category === 'locales');
    const total = shipped.reduce((n, c) => n + c.bytes, 0);
    if (total < input.config.thresholds.minDocsBytes) return [];
    const source = imageLayers(input)
      .filter((l) => !l.base && l.line !== undefined)
      .map((l) => ({ line: l.line ?? 0, bytes: l.facts.categories.filter((c) => c.category === 'docs' || c.category === 'locales').reduce((n, c) => n + c.bytes, 0) }))
      .sort((a, b) => b.bytes - a.bytes)[0];
    if (!source || source.bytes === 0) return [];
    return [{
      rule: 'BL012' as const,
      severity: 'warning' as const,
      line: source.line,
      endLine: endLineOf(input, source.line),
      message: `${bytes(source.bytes)} of documentation, man pages and locales added here ship in the image (${bytes(total)} in all)`,
      savingsBytes: source.bytes,
      evidence: { bytes: source.bytes, totalInImage: total, categories: shipped.map((c) => ({ category: c.category, bytes: c.bytes, paths: c.paths.slice(0, 5) })) },
    }];
  },
};
