import { describe, expect, test } from 'vitest';
import { dockerfile, findingsOf, KiB, MiB, nodeModules, ofRule, packageJson, type BuildSpec, type LayerSpec } from '../support/build-input.js';

// BL005: devDependencies installed into the final image.

const MANIFEST = packageJson('app/package.json', { dependencies: { express: '^4.19.0' }, devDependencies: { typescript: '^5.4.0', vitest: '^1.6.0', eslint: '^9.0.0' } });
const ALL = { express: 2 * MiB, typescript: 22 * MiB, vitest: 6 * MiB, eslint: 4 * MiB };

// package.json copied on line 3, `npm ci` on line 5 with `installed` in app/node_modules; `comment` directly above line 5.
function npmCi(comment: string, installed: Record<string, number> = ALL, over: Partial<BuildSpec> = {}): BuildSpec {
  const layers: LayerSpec[] = [
    { line: 1, base: true, bytes: 70 * MiB },
    { line: 3, bytes: 2 * KiB, manifests: [MANIFEST] },
    { line: 5, nodeModules: [nodeModules('app', installed)] },
    { line: 6, bytes: 300 * KiB },
  ];
  return {
    dockerfile: dockerfile('FROM node:20.11-bookworm-slim', 'WORKDIR /app', 'COPY package.json package-lock.json ./', comment, 'RUN npm ci', 'COPY src/ src/', 'USER node'),
    layers,
    ...over,
  };
}

describe('BL005 dev dependencies in the final image', () => {
  test('devDependencies installed by npm ci are reported at that RUN with exactly the dev packages and their bytes', () => {
    const found = ofRule(findingsOf(npmCi('# dependencies')), 'BL005');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      rule: 'BL005',
      severity: 'warning',
      line: 5,
      endLine: 5,
      savingsBytes: 32 * MiB,
      evidence: { manifest: 'app/package.json' },
    });
    expect(found[0]?.evidence.packages).toEqual({ typescript: 22 * MiB, vitest: 6 * MiB, eslint: 4 * MiB });
    expect(found[0]?.message).toContain('--omit=dev');
  });

  test('a manifest at the image root is matched with the node_modules at the root', () => {
    const spec = npmCi('# deps');
    spec.layers = [
      { line: 1, base: true, bytes: 70 * MiB },
      { line: 3, bytes: 2 * KiB, manifests: [packageJson('package.json', { devDependencies: { webpack: '^5.0.0' } })] },
      { line: 5, nodeModules: [nodeModules('', { webpack: 9 * MiB, lodash: MiB })] },
    ];
    expect(ofRule(findingsOf(spec), 'BL005')).toMatchObject([{ line: 5, savingsBytes: 9 * MiB, evidence: { manifest: 'package.json', packages: { webpack: 9 * MiB } } }]);
  });

  test('no finding after npm ci --omit=dev: node_modules holds only the runtime dependencies', () => {
    expect(ofRule(findingsOf(npmCi('# deps', { express: 2 * MiB })), 'BL005')).toEqual([]);
  });

  test('no finding for node_modules under another directory than the manifest', () => {
    const spec = npmCi('# deps');
    spec.layers = [{ line: 1, base: true, bytes: 70 * MiB }, { line: 3, bytes: 2 * KiB, manifests: [MANIFEST] }, { line: 5, nodeModules: [nodeModules('srv', ALL)] }];
    expect(ofRule(findingsOf(spec), 'BL005')).toEqual([]);
  });

  test('no finding when the dev packages are below the 512 KiB threshold', () => {
    expect(ofRule(findingsOf(npmCi('# deps', { express: 2 * MiB, typescript: 100 * KiB, vitest: 100 * KiB, eslint: 100 * KiB })), 'BL005')).toEqual([]);
  });

  test('a package.json that is not JSON is skipped, not fatal to the other rules', () => {
    const spec = npmCi('# deps');
    spec.layers = [{ line: 1, base: true, bytes: 70 * MiB }, { line: 3, bytes: 2 * KiB, manifests: [{ path: 'app/package.json', text: '{ not json' }] }, { line: 5, nodeModules: [nodeModules('app', ALL)] }];
    expect(ofRule(findingsOf(spec), 'BL005')).toEqual([]);
  });

  test('a buildlens-ignore comment above the install silences it', () => {
    expect(ofRule(findingsOf(npmCi('# buildlens-ignore BL005')), 'BL005')).toEqual([]);
  });

  test('rules: { BL005: "off" } silences it', () => {
    expect(ofRule(findingsOf(npmCi('# deps', ALL, { rules: { BL005: 'off' } })), 'BL005')).toEqual([]);
  });

  test('package.json present in two layers (manifests first, then COPY . .) still gives one finding', () => {
    const spec = npmCi('# deps');
    spec.dockerfile = dockerfile('FROM node:20.11-bookworm-slim', 'WORKDIR /app', 'COPY package.json package-lock.json ./', '# deps', 'RUN npm ci', 'COPY . .', 'USER node');
    spec.layers = [
      { line: 1, base: true, bytes: 70 * MiB },
      { line: 3, bytes: 2 * KiB, manifests: [MANIFEST] },
      { line: 5, nodeModules: [nodeModules('app', ALL)] },
      { line: 6, bytes: 300 * KiB, manifests: [MANIFEST] },
    ];
    expect(ofRule(findingsOf(spec), 'BL005')).toMatchObject([{ line: 5, savingsBytes: 32 * MiB }]);
  });
});
