import type { Rule } from '../input.js';

/** BL014: consecutive RUN instructions that belong in one layer. */
export const BL014: Rule = {
  id: 'BL014',
  title: 'consecutive RUNs that could be one',
  severity: 'info',
  explanation:
    'Each RUN makes a layer and a cache step. Consecutive RUNs that do one job (install, then clean up) belong in one RUN: files a ' +
    'later RUN removes then never reach a layer, and the image has fewer layers to pull.',
  fix:
    '# before\nRUN apt-get update\nRUN apt-get install -y curl\n# after\nRUN apt-get update && apt-get install -y ' +
    '--no-install-recommends curl && rm -rf /var/lib/apt/lists/*',
  check(input) {
    const findings = [];
    for (const stage of input.dockerfile.stages) {
      const ins = stage.instructions;
      for (let k = 0; k + 1 < ins.length; k++) {
        const first = ins[k];
        if (first?.keyword !== 'RUN' || ins[k - 1]?.keyword === 'RUN') continue;
        let end = k;
        while (
          ins[end + 1]?.keyword === 'RUN' &&
          !ins[end + 1]?.flagList.some((f) => f.name === 'mount') &&
          !ins[end + 1]?.args.startsWith('<<')
        )
          end++;
        if (end === k || first.flagList.some((f) => f.name === 'mount')) continue;
        const run = ins.slice(k, end + 1);
        findings.push({
          rule: 'BL014' as const,
          severity: 'info' as const,
          line: first.line,
          endLine: first.endLine,
          message: `${run.length} consecutive RUN instructions (lines ${run.map((r) => r.line).join(', ')}) could be one`,
          relatedLines: run.slice(1).map((r) => r.line),
          evidence: { lines: run.map((r) => r.line) },
        });
      }
    }
    return findings;
  },
};
