import { describe, expect, test } from 'vitest';
import { category, dockerfile, findingsOf, KiB, MiB, nodeModules, ofRule, packageJson, type BuildSpec } from '../support/build-input.js';

// BL015: a single-stage build whose toolchain or sources a multi-stage split would drop.

const GO = category('toolchain', 220 * MiB, ['usr/local/go/pkg/tool/linux_amd64/compile', 'usr/local/go/bin/go']);

// A single-stage Go build: FROM on line 2, `comment` directly above.
function goSingleStage(comment: string, over: Partial<BuildSpec> = {}): BuildSpec {
  return {
    dockerfile: dockerfile(comment, 'FROM golang:1.22-bookworm', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /usr/local/bin/app ./cmd/app', 'USER nobody', 'CMD ["app"]'),
    layers: [{ line: 2, base: true, bytes: 600 * MiB, categories: [GO] }, { line: 4, bytes: 2 * MiB }, { line: 5, bytes: 18 * MiB }],
    ...over,
  };
}

describe('BL015 single-stage build', () => {
  test('a single stage that ships the Go toolchain is reported at its FROM as info, with the toolchain bytes', () => {
    const found = ofRule(findingsOf(goSingleStage('# one stage')), 'BL015');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: 'BL015', severity: 'info', line: 2, endLine: 2, evidence: { toolchainBytes: 220 * MiB, devDependencyBytes: 0 } });
    expect(found[0]).not.toHaveProperty('savingsBytes');
  });

  test('a single stage that ships the devDependencies it installed is reported with their bytes, not the runtime ones', () => {
    const manifest = packageJson('app/package.json', { dependencies: { express: '^4' }, devDependencies: { typescript: '^5', webpack: '^5' } });
    const spec: BuildSpec = {
      dockerfile: dockerfile('FROM node:20.11-bookworm-slim', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', 'USER node'),
      layers: [{ line: 1, base: true, bytes: 70 * MiB }, { line: 3, bytes: 2 * MiB, manifests: [manifest] }, { line: 4, nodeModules: [nodeModules('app', { typescript: 22 * MiB, webpack: 12 * MiB, express: 2 * MiB })] }],
    };
    expect(ofRule(findingsOf(spec), 'BL015')).toMatchObject([{ line: 1, evidence: { toolchainBytes: 0, devDependencyBytes: 34 * MiB } }]);
  });

  test('no finding for a single stage whose node_modules hold only runtime dependencies', () => {
    const manifest = packageJson('app/package.json', { dependencies: { express: '^4' }, devDependencies: { typescript: '^5' } });
    const spec: BuildSpec = {
      dockerfile: dockerfile('FROM node:20.11-bookworm-slim', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --omit=dev', 'USER node'),
      layers: [{ line: 1, base: true, bytes: 70 * MiB }, { line: 3, bytes: 2 * MiB, manifests: [manifest] }, { line: 4, nodeModules: [nodeModules('app', { express: 40 * MiB })] }],
    };
    expect(ofRule(findingsOf(spec), 'BL015')).toEqual([]);
  });

  test('no finding for a multi-stage build, even if its build stage uses the same toolchain', () => {
    const spec = goSingleStage('# build', {
      dockerfile: dockerfile('# build', 'FROM golang:1.22-bookworm AS build', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /out/app ./cmd/app', 'FROM gcr.io/distroless/static-debian12:nonroot', 'COPY --from=build /out/app /app', 'CMD ["/app"]'),
      layers: [{ line: 6, base: true, bytes: 2 * MiB }, { line: 7, bytes: 18 * MiB }],
    });
    expect(ofRule(findingsOf(spec), 'BL015')).toEqual([]);
  });

  test('no finding for a single stage below both thresholds', () => {
    const spec = goSingleStage('# one stage', { layers: [{ line: 2, base: true, bytes: 30 * MiB, categories: [category('toolchain', MiB)] }, { line: 5, nodeModules: [nodeModules('app', { express: 2 * MiB })] }] });
    expect(ofRule(findingsOf(spec), 'BL015')).toEqual([]);
  });

  test('a buildlens-ignore comment above the FROM silences it', () => {
    expect(ofRule(findingsOf(goSingleStage('# buildlens-ignore BL015')), 'BL015')).toEqual([]);
  });

  test('rules: { BL015: "off" } silences it', () => {
    expect(ofRule(findingsOf(goSingleStage('# one stage', { rules: { BL015: 'off' } })), 'BL015')).toEqual([]);
  });

  test('no finding for a single stage that builds nothing, whose only node_modules are the base image\'s own npm', () => {
    const spec: BuildSpec = {
      dockerfile: dockerfile('FROM node:20.11-bookworm-slim', 'WORKDIR /app', 'COPY server.js ./', 'USER node', 'CMD ["node", "server.js"]'),
      layers: [
        { line: 1, base: true, bytes: 70 * MiB, nodeModules: [nodeModules('usr/local/lib', { npm: 9 * MiB, corepack: 2 * MiB })] },
        { line: 3, bytes: 12 * KiB },
      ],
    };
    expect(ofRule(findingsOf(spec), 'BL015')).toEqual([]);
  });

  test('no finding for a single stage that runs a dev server from its devDependencies: there is nothing to split off', () => {
    const manifest = { path: 'app/package.json', text: JSON.stringify({ name: 'app', scripts: { dev: 'vite --host' }, dependencies: { vue: '^3' }, devDependencies: { vite: '^5' } }) };
    const spec: BuildSpec = {
      dockerfile: dockerfile('FROM node:20.11-bookworm-slim', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm install', 'CMD [ "npm", "run", "dev" ]'),
      layers: [{ line: 1, base: true, bytes: 70 * MiB }, { line: 3, bytes: 2 * KiB, manifests: [manifest] }, { line: 4, nodeModules: [nodeModules('app', { vite: 12 * MiB, vue: 3 * MiB })] }],
    };
    expect(ofRule(findingsOf(spec), 'BL015')).toEqual([]);
  });
});
