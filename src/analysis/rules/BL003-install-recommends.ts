import { bytes } from '../../core/format.js';
import { allInstructions } from '../../dockerfile/model.js';
import { imageLayers, type Rule } from '../input.js';

// What apt leaves besides the packages it installs: indexes and downloaded archives (BL002's).
const APT_STATE = new Set(['apt-lists', 'apt-archives']);

/** BL003: apt-get install without --no-install-recommends. */
export const BL003: Rule = {
  id: 'BL003',
  title: 'apt-get install pulls in recommended packages',
  severity: 'warning',
  explanation:
    'By default apt installs every package a package merely recommends, often doubling what lands in the image (documentation viewers, ' +
    'X libraries, extra tools). Images rarely need them. `--no-install-recommends` installs what the package depends on and nothing ' +
    "more; add back any recommended package you do use by name. The size given is what the install added besides apt's package " +
    'lists, which BL002 counts.',
  fix:
    '# before\nRUN apt-get update && apt-get install -y curl\n# after\nRUN apt-get update && apt-get install -y ' +
    '--no-install-recommends curl',
  check(input) {
    const findings = [];
    const layers = imageLayers(input);
    for (const i of allInstructions(input.dockerfile)) {
      if (
        i.keyword !== 'RUN' ||
        !/\bapt(-get)?\s+(-\S+\s+)*install\b/.test(i.args) ||
        /--no-install-recommends|APT::Install-Recommends\s*=?\s*"?(false|0)/.test(i.args)
      )
        continue;
      const step = input.report.steps.find((s) => s.line === i.line);
      const added = step?.layer?.addedBytes;
      const lists =
        layers
          .find((l) => !l.base && l.line === i.line)
          ?.facts.categories.filter((c) => APT_STATE.has(c.category))
          .reduce((n, c) => n + c.bytes, 0) ?? 0;
      const installed = added === undefined ? undefined : Math.max(0, added - lists);
      const size =
        installed === undefined
          ? ''
          : installed < 64 * 1024
            ? " (it added no packages beyond apt's lists: what it names was already installed)"
            : ` (this step added ${bytes(installed)} of packages, apt's lists not counted)`;
      findings.push({
        rule: 'BL003' as const,
        severity: 'warning' as const,
        line: i.line,
        endLine: i.endLine,
        message: `apt-get install without --no-install-recommends${size}`,
        evidence: installed !== undefined ? { layerAddedBytes: added, packageListBytes: lists, installedBytes: installed } : {},
      });
    }
    return findings;
  },
};
