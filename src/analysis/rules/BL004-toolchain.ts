import { bytes } from '../../core/format.js';
import { baseImageStage } from '../base-stage.js';
import { endLineOf, imageLayers, type Rule } from '../input.js';

/** BL004: compilers, toolchains or headers in the final image. */
export const BL004: Rule = {
  id: 'BL004',
  title: 'build toolchain in the final image',
  severity: 'warning',
  explanation:
    'Compilers, linkers and headers are needed to build, not to run. In the final image they add size and attack surface. Build in one ' +
    'stage and copy only the artifacts into a final stage based on a runtime image.',
  fix:
    '# before\nFROM debian:12\nRUN apt-get install -y build-essential && make\n# after\nFROM debian:12 AS build\nRUN apt-get ' +
    'install -y build-essential && make\nFROM debian:12-slim\nCOPY --from=build /src/app /usr/local/bin/app',
  wholeImage: true,
  check(input) {
    const toolchain = input.layers?.finalCategories.find((c) => c.category === 'toolchain');
    if (!toolchain || toolchain.bytes < input.config.thresholds.minToolchainBytes) return [];
    const source = imageLayers(input)
      .filter((l) => !l.base && l.line !== undefined)
      .map((l) => ({ line: l.line ?? 0, bytes: l.facts.categories.find((c) => c.category === 'toolchain')?.bytes ?? 0 }))
      .sort((a, b) => b.bytes - a.bytes)[0];
    // A toolchain only the base brought (FROM golang) is fixed at the FROM: run from a runtime image.
    const fromLine = baseImageStage(input)?.fromLine;
    const line = source && source.bytes > 0 ? source.line : fromLine;
    if (line === undefined) return [];
    return [
      {
        rule: 'BL004',
        severity: 'warning' as const,
        line,
        endLine: endLineOf(input, line),
        message: `${bytes(toolchain.bytes)} of compilers, toolchains and headers are in the final image (e.g. ${toolchain.paths.slice(0, 3).join(', ')})${line === fromLine && !(source && source.bytes > 0) ? ', from the base image' : ''}: build in an earlier stage and start the final one from a runtime image`,
        savingsBytes: toolchain.bytes,
        evidence: { bytes: toolchain.bytes, files: toolchain.files, paths: toolchain.paths },
      },
    ];
  },
};
