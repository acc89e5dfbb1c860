import { bytes } from '../../core/format.js';
import { appManifest, shippedDevDependencies } from '../dev-dependencies.js';
import { developmentImage } from '../dev-server.js';
import type { Rule } from '../input.js';

/** BL015: a single-stage build whose toolchain or dev dependencies a multi-stage split would drop. */
export const BL015: Rule = {
  id: 'BL015',
  title: 'single-stage build that ships its build tools',
  severity: 'info',
  explanation:
    'With one stage, everything needed to build ends up in what runs: compilers, dev dependencies, sources. A second stage that copies ' +
    'only the built artifacts from the first drops all of it from the image without changing how it is built.',
  fix: 'FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n\nFROM node:20-slim\nCOPY --from=build /app/dist /app',
  wholeImage: true,
  check(input) {
    const stage = input.dockerfile.stages[0];
    if (input.dockerfile.stages.length !== 1 || !stage) return [];
    // An image that runs a dev server needs what it ships: there is nothing to split off.
    const shipped = shippedDevDependencies(input);
    if (developmentImage(input, shipped[0]?.json ?? appManifest(input), shipped[0]?.devBins ?? {})) return [];
    const { minToolchainBytes, minDevDependencyBytes } = input.config.thresholds;
    // The toolchain counts wherever it came from (FROM golang ships one); dev dependencies only where the Dockerfile installed them.
    const toolchain = input.layers?.finalCategories.find((c) => c.category === 'toolchain')?.bytes ?? 0;
    const devDeps = shipped.reduce((n, d) => n + d.bytes, 0);
    const shipsToolchain = toolchain >= minToolchainBytes;
    const shipsDevDeps = devDeps >= minDevDependencyBytes;
    if (!shipsToolchain && !shipsDevDeps) return [];
    const what = [shipsToolchain ? `${bytes(toolchain)} of toolchain` : '', shipsDevDeps ? `${bytes(devDeps)} of devDependencies` : '']
      .filter(Boolean)
      .join(' and ');
    return [
      {
        rule: 'BL015',
        severity: 'info' as const,
        line: stage.fromLine,
        endLine: stage.fromLine,
        message: `a single stage builds and runs: ${what} ship; a build stage would keep them out`,
        evidence: { toolchainBytes: shipsToolchain ? toolchain : 0, devDependencyBytes: shipsDevDeps ? devDeps : 0 },
      },
    ];
  },
};
