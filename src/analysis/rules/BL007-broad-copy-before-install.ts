import { duration } from '../../core/format.js';
import type { EvidenceOf } from '../../model/report.js';
import type { Rule } from '../input.js';
import { instructionKey } from '../../dockerfile/instruction-key.js';
import { copiesWholeContext } from '../../dockerfile/instruction-args.js';
import { PACKAGE_INSTALL } from './install-commands.js';


/** BL007: a broad COPY before a dependency install in the same stage. */
export const BL007: Rule = {
  id: 'BL007',
  title: 'source copied before the dependency install',
  severity: 'warning',
  explanation:
    'BuildKit re-runs a step when anything it depends on changes. Copying the whole context before installing dependencies makes every source edit re-run the install. Copy only the dependency manifests, install, then copy the rest: source edits then reuse the cached install.',
  fix: '# before\nCOPY . .\nRUN npm ci\n# after\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .',
  check(input) {
    const findings = [];
    for (const stage of input.dockerfile.stages) {
      const broad = stage.instructions.find(copiesWholeContext);
      if (!broad) continue;
      const install = stage.instructions.find((i) => i.line > broad.line && i.keyword === 'RUN' && PACKAGE_INSTALL.test(i.args));
      if (!install) continue;
      const step = input.report.steps.find((s) => s.line === install.line);
      const misses = (input.report.cacheMisses ?? []).filter((m) => m.line === install.line && m.cause === 'parent-missed');
      const ranMs = step && !step.cached ? step.durationMs : undefined;
      const evidence: EvidenceOf<'BL007'> = { installLine: install.line };
      if (step) Object.assign(evidence, { installMs: step.durationMs, installCached: step.cached });
      if (misses.length > 0) evidence.reranBecauseOfCopy = true;
      const history = input.rerunHistory?.[instructionKey(install.text)];
      if (history && history.reran > 0) evidence.rerunHistory = history;
      const finding = {
        rule: 'BL007' as const,
        severity: 'warning' as const,
        line: broad.line,
        endLine: broad.endLine,
        message: `\`${broad.text.trim()}\` comes before the dependency install on line ${install.line}: every source edit re-runs it${ranMs ? ` (it took ${duration(ranMs)} this build${misses.length ? ', re-run because of this copy' : ''})` : ''}${history && history.reran > 0 ? `; it re-ran ${history.reran} time(s) in the last ${history.builds} builds because of source edits` : ''}; copy the manifests first`,
        relatedLines: [install.line],
        evidence,
      };
      findings.push(ranMs ? { ...finding, savingsMs: ranMs } : finding);
    }
    return findings;
  },
};
