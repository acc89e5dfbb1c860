import { categorize } from '../../layers/categories.js';
import { bytes } from '../../core/format.js';
import type { Rule } from '../input.js';

const CACHE_CATEGORIES = new Set<string>(['apt-lists', 'apt-archives', 'apk-cache', 'pip-cache', 'npm-cache', 'yarn-cache', 'go-cache']);

/** BL001: bytes added by one step and removed or overwritten later still ship. */
export const BL001: Rule = {
  id: 'BL001',
  title: 'bytes removed by a later step still ship',
  severity: 'warning',
  explanation:
    'Every RUN, COPY and ADD makes a layer, and layers only add: deleting a file in a later step hides it but the bytes stay in the earlier layer, are pulled by every machine that runs the image, and count against its size. Create and delete temporary files in the same RUN, or build them in another stage and COPY only the result.',
  fix: '# before\nRUN curl -o /tmp/src.tgz $URL && tar -xzf /tmp/src.tgz -C /opt\nRUN rm /tmp/src.tgz\n# after\nRUN curl -o /tmp/src.tgz $URL && tar -xzf /tmp/src.tgz -C /opt && rm /tmp/src.tgz',
  check(input) {
    return input.report.steps
      .filter((s) => (s.layer?.wastedBytes ?? 0) >= input.config.thresholds.minWastedBytes)
      .map((s) => {
        const wasted = s.layer?.wastedBytes ?? 0;
        const by = s.layer?.wastedBy ?? [];
        const removers = by.map((w) => w.line).filter((l): l is number => l !== undefined);
        const finding = {
          rule: 'BL001' as const,
          severity: 'warning' as const,
          line: s.line,
          endLine: s.endLine,
          message: `${bytes(wasted)} added here ${removers.length ? `are removed or overwritten by line ${removers.join(', ')}` : 'are removed or overwritten later'} but still ship in this layer`,
          savingsBytes: wasted,
          evidence: { wastedBytes: wasted, removedBy: by.map((w) => ({ line: w.line, bytes: w.bytes, paths: w.paths })) },
        };
        // Removed caches are this rule's bytes; BL002 counts only caches that still ship. Name it, count it once.
        const caches = by.some((w) => w.paths.some((p) => CACHE_CATEGORIES.has(categorize(p) ?? '')));
        const related = caches ? { relatedRules: ['BL002'] } : {};
        return removers.length ? { ...finding, relatedLines: removers, ...related } : { ...finding, ...related };
      });
  },
};
