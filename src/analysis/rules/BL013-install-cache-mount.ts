import { duration } from '../../core/format.js';
import { allInstructions } from '../../dockerfile/model.js';
import type { Rule } from '../input.js';
import { hasCacheMount } from '../../dockerfile/instruction-args.js';
import { PACKAGE_INSTALL } from './install-commands.js';

/** BL013: slow, uncached package installs a cache mount would speed up. */
export const BL013: Rule = {
  id: 'BL013',
  title: 'slow install without a cache mount',
  severity: 'info',
  explanation:
    'When an install step re-runs, it downloads everything again. A cache mount (`RUN --mount=type=cache,target=...`) keeps the package manager\'s download cache between builds on the same builder, outside the image, so a re-run fetches only what changed.',
  fix: '# before\nRUN npm ci\n# after\nRUN --mount=type=cache,target=/root/.npm npm ci',
  check(input) {
    const findings = [];
    for (const i of allInstructions(input.dockerfile)) {
      if (i.keyword !== 'RUN' || !PACKAGE_INSTALL.test(i.args) || hasCacheMount(i)) continue;
      const step = input.report.steps.find((s) => s.line === i.line);
      if (!step || step.cached || step.durationMs < input.config.thresholds.slowInstallMs) continue;
      findings.push({
        rule: 'BL013' as const,
        severity: 'info' as const,
        line: i.line,
        endLine: i.endLine,
        message: `this install took ${duration(step.durationMs)} uncached: a cache mount keeps downloads between builds`,
        evidence: { durationMs: step.durationMs },
      });
    }
    return findings;
  },
};
