import { bytes } from '../../report/format.js';
import type { Rule } from '../input.js';

/** BL015: a single-stage build whose toolchain a multi-stage split would drop. */
export const BL015: Rule = {
  id: 'BL015',
  title: 'single-stage build that ships its build tools',
  severity: 'info',
  explanation:
    'With one stage, everything needed to build ends up in what runs: compilers, dev dependencies, sources. A second stage that copies only the built artifacts from the first drops all of it from the image without changing how it is built.',
  fix: 'FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n\nFROM node:20-slim\nCOPY --from=build /app/dist /app',
  check(input) {
    if (input.dockerfile.stages.length !== 1) return [];
    const stage = input.dockerfile.stages[0];
    const toolchain = input.layers?.finalCategories.find((c) => c.category === 'toolchain')?.bytes ?? 0;
    const devDeps = (input.report.image?.layers ?? []).length > 0 ? input.layers?.layers.flatMap((l) => l.nodeModules).reduce((n, t) => n + t.bytes, 0) ?? 0 : 0;
    if (!stage || (toolchain < input.config.thresholds.minToolchainBytes && devDeps < 10 * input.config.thresholds.minDevDependencyBytes)) return [];
    return [{
      rule: 'BL015',
      severity: 'info' as const,
      line: stage.fromLine,
      endLine: stage.fromLine,
      message: `a single stage builds and runs: ${toolchain ? `${bytes(toolchain)} of toolchain` : ''}${toolchain && devDeps ? ' and ' : ''}${devDeps ? `${bytes(devDeps)} of node_modules` : ''} ship; a build stage would keep them out`,
      evidence: { toolchainBytes: toolchain, nodeModulesBytes: devDeps },
    }];
  },
};
