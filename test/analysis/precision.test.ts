import { describe, expect, test } from 'vitest';
import { category, contextFacts, dockerfile, findingsOf, KiB, MiB, nodeModules, packageJson } from './support/build-input.js';

// A well-written multi-stage build with realistic clean facts: nothing above info.

const DOCKERFILE = dockerfile(
  '# syntax=docker/dockerfile:1', //                                           1
  'FROM node:20.11-bookworm-slim AS deps', //                                  2
  'WORKDIR /app', //                                                           3
  'COPY package.json package-lock.json ./', //                                 4
  'RUN --mount=type=cache,target=/root/.npm npm ci', //                        5
  '', //                                                                       6
  'FROM deps AS build', //                                                     7
  'COPY tsconfig.json ./', //                                                  8
  'COPY src/ src/', //                                                         9
  'RUN npm run build && npm prune --omit=dev', //                              10
  '', //                                                                       11
  'FROM node:20.11-bookworm-slim', //                                          12
  'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update \\', // 13
  '    && apt-get install -y --no-install-recommends tini \\', //              14
  '    && rm -rf /var/lib/apt/lists/*', //                                     15
  'WORKDIR /app', //                                                           16
  'COPY --from=build /app/node_modules ./node_modules', //                     17
  'COPY --from=build /app/dist ./dist', //                                     18
  'COPY package.json ./', //                                                   19
  'USER node', //                                                              20
  'ENTRYPOINT ["tini", "--"]', //                                              21
  'CMD ["node", "dist/server.js"]', //                                         22
);

const MANIFEST = packageJson('app/package.json', {
  dependencies: { express: '^4.19.0', pino: '^9.0.0' },
  devDependencies: { typescript: '^5.4.0', vitest: '^1.6.0', '@types/node': '^20.0.0' },
});

describe('precision on a well-written build', () => {
  test('a multi-stage build with a pinned slim base, a non-root user, clean installs and a .dockerignore has no finding above info', () => {
    const findings = findingsOf({
      dockerfile: DOCKERFILE,
      layers: [
        // node:20-slim: debian slim plus node, its bundled npm and corepack, a little docs.
        { line: 12, base: true, bytes: 28 * MiB, categories: [category('docs', 300 * KiB, ['usr/share/doc/libc6/copyright'])] },
        { line: 12, base: true, bytes: 46 * MiB, nodeModules: [nodeModules('usr/local/lib', { npm: 9 * MiB, corepack: 2 * MiB })] },
        { line: 13, bytes: 900 * KiB, categories: [category('docs', 40 * KiB, ['usr/share/doc/tini/copyright'])] },
        { line: 17, nodeModules: [nodeModules('app', { express: 2 * MiB, pino: MiB })] },
        { line: 18, bytes: 600 * KiB },
        { line: 19, bytes: 2 * KiB, manifests: [MANIFEST] },
      ],
      steps: { 5: { cached: false, durationMs: 31_000 }, 10: { cached: false, durationMs: 12_000 }, 13: { cached: false, durationMs: 4_000 } },
      context: contextFacts({ dockerignore: true, files: 58, bytes: 420 * KiB, ignoredFiles: 9000, ignoredBytes: 310 * MiB }),
      buildArgNames: ['NODE_ENV'],
    });
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
    // And no info either: each rule has its well-written counterpart here.
    expect(findings).toEqual([]);
  });
});
