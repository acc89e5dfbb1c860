import { bytes } from '../../core/format.js';
import { allInstructions } from '../../dockerfile/model.js';
import type { Rule } from '../input.js';

/** BL003: apt-get install without --no-install-recommends. */
export const BL003: Rule = {
  id: 'BL003',
  title: 'apt-get install pulls in recommended packages',
  severity: 'warning',
  explanation:
    'By default apt installs every package a package merely recommends, often doubling what lands in the image (documentation viewers, X libraries, extra tools). Images rarely need them. `--no-install-recommends` installs what the package depends on and nothing more; add back any recommended package you do use by name.',
  fix: '# before\nRUN apt-get update && apt-get install -y curl\n# after\nRUN apt-get update && apt-get install -y --no-install-recommends curl',
  check(input) {
    const findings = [];
    for (const i of allInstructions(input.dockerfile)) {
      if (i.keyword !== 'RUN' || !/\bapt(-get)?\s+(-\S+\s+)*install\b/.test(i.args) || /--no-install-recommends|APT::Install-Recommends\s*=?\s*"?(false|0)/.test(i.args)) continue;
      const step = input.report.steps.find((s) => s.line === i.line);
      const added = step?.layer?.addedBytes;
      findings.push({
        rule: 'BL003' as const,
        severity: 'warning' as const,
        line: i.line,
        endLine: i.endLine,
        message: `apt-get install without --no-install-recommends${added !== undefined ? ` (this step added ${bytes(added)})` : ''}`,
        evidence: added !== undefined ? { layerAddedBytes: added } : {},
      });
    }
    return findings;
  },
};
