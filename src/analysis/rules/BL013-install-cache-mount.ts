import { duration } from '../../core/format.js';
import { allInstructions } from '../../dockerfile/model.js';
import type { Rule } from '../input.js';
import { hasCacheMount } from '../../dockerfile/instruction-args.js';
import { cacheTargetFor, PACKAGE_INSTALL } from './install-commands.js';

/** BL013: package installs without a cache mount, by the kind of step: how long one run took varies with the machine. */
export const BL013: Rule = {
  id: 'BL013',
  title: 'install without a cache mount',
  severity: 'info',
  explanation:
    'When an install step re-runs, it downloads everything again. A cache mount (`RUN --mount=type=cache,target=...`) keeps the ' +
    "package manager's download cache between builds on the same builder, outside the image, so a re-run fetches only what changed. " +
    'Whether an install is worth it does not depend on how long one run took on one machine: every install re-runs whenever its ' +
    'inputs change.',
  fix: '# before\nRUN npm ci\n# after\nRUN --mount=type=cache,target=/root/.npm npm ci',
  check(input) {
    const findings = [];
    for (const i of allInstructions(input.dockerfile)) {
      if (i.keyword !== 'RUN' || !PACKAGE_INSTALL.test(i.args) || hasCacheMount(i)) continue;
      // Only steps of this build: a stage the target does not need is not built.
      const step = input.report.steps.find((s) => s.line === i.line);
      if (!step) continue;
      const target = cacheTargetFor(i.args);
      const ran = step.cached ? 'it was cached this build' : `it took ${duration(step.durationMs)} this build`;
      findings.push({
        rule: 'BL013' as const,
        severity: 'info' as const,
        line: i.line,
        endLine: i.endLine,
        message:
          `package install without a cache mount (${ran}): every re-run downloads everything ` +
          `again${target ? `; add --mount=type=cache,target=${target}` : ''}`,
        evidence: { durationMs: step.durationMs, cached: step.cached, ...(target ? { cacheTarget: target } : {}) },
      });
    }
    return findings;
  },
};
