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
    expect(found[0]?.evidence).toMatchObject({ packages: { typescript: 22 * MiB, vitest: 6 * MiB, eslint: 4 * MiB } });
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

describe('BL005 on real shapes: closures, dev servers, package managers, global tools', () => {
  // express at runtime; nodemon and typescript for development; chokidar and its deps only nodemon needs.
  const TREE = nodeModules('app', { express: 2 * MiB, 'body-parser': MiB, nodemon: MiB, chokidar: 3 * MiB, readdirp: MiB, typescript: 22 * MiB, '.bin': 1 * KiB });
  TREE.dependencies = { express: ['body-parser'], 'body-parser': [], nodemon: ['chokidar'], chokidar: ['readdirp'], readdirp: [], typescript: [] };
  TREE.bins = { nodemon: 'nodemon', tsc: 'typescript', tsserver: 'typescript' };
  const APP = (scripts: Record<string, string>) => ({ path: 'app/package.json', text: JSON.stringify({ name: 'app', scripts, dependencies: { express: '^4' }, devDependencies: { nodemon: '^3', typescript: '^5' } }) });

  function build(lines: string[], scripts: Record<string, string> = { start: 'node server.js', dev: 'nodemon server.js' }, over: Partial<BuildSpec> = {}): BuildSpec {
    return {
      dockerfile: dockerfile(...lines),
      layers: [{ line: 1, base: true, bytes: 70 * MiB }, { line: 3, bytes: 2 * KiB, manifests: [APP(scripts)] }, { line: 4, nodeModules: [TREE] }],
      ...over,
    };
  }
  const PROD = ['FROM node:20.11-bookworm-slim', 'WORKDIR /app', 'COPY package.json package-lock.json ./', 'RUN npm ci', 'COPY . .', 'USER node', 'CMD ["node", "server.js"]'];

  test('the saving is everything only devDependencies reach (what --omit=dev removes), not only their own folders', () => {
    const [finding] = ofRule(findingsOf(build(PROD)), 'BL005');
    expect(finding).toMatchObject({ severity: 'warning', line: 4, savingsBytes: 27 * MiB, evidence: { closurePackages: 4, packages: { nodemon: MiB, typescript: 22 * MiB } } });
  });

  test.each([
    ['a development target', PROD, { target: 'development' }],
    ['CMD npm run dev, whose script runs nodemon', [...PROD.slice(0, 6), 'CMD [ "npm", "run", "dev" ]'], {}],
    ['CMD npm start, whose script starts a dev server', [...PROD.slice(0, 6), 'CMD npm start'], {}],
    ['CMD ng serve', [...PROD.slice(0, 6), 'CMD ["ng", "serve", "--host", "0.0.0.0"]'], {}],
    ['a CMD inherited from the stage it is built from', ['FROM node:20.11-bookworm-slim AS development', 'WORKDIR /app', 'COPY package.json package-lock.json ./', 'RUN npm ci', 'CMD ["npm", "run", "dev"]', 'FROM development AS dev-envs', 'RUN echo tools'], {}],
  ])('with %s the image needs its devDependencies: info, never a warning', (_name, lines, over) => {
    const scripts = { start: 'nodemon server.js', dev: 'nodemon server.js' };
    const found = ofRule(findingsOf(build(lines, scripts, over)), 'BL005');
    expect(found).toMatchObject([{ severity: 'info', line: 4 }]);
    expect(found[0]?.evidence).toMatchObject({ developmentImage: expect.any(String) });
  });

  test.each([
    ['yarn 1', 'RUN yarn install --frozen-lockfile', 'yarn install --production'],
    ['yarn berry', 'RUN yarn install --immutable', 'yarn workspaces focus --all --production'],
    ['pnpm', 'RUN pnpm install --frozen-lockfile', 'pnpm install --prod'],
    ['npm', 'RUN npm ci', 'npm ci --omit=dev'],
  ])('a %s project gets the advice in its own package manager', (_name, run, advice) => {
    const lines = [...PROD];
    lines[3] = run;
    const [finding] = ofRule(findingsOf(build(lines)), 'BL005');
    expect(finding?.message).toContain(advice);
    if (!advice.startsWith('npm')) expect(finding?.message).not.toContain('--omit=dev');
  });

  test('npm install -g nodemon in a production image is reported at that RUN with the bytes it added', () => {
    const lines = ['FROM node:20.11-bookworm-slim', 'RUN npm install -g nodemon', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --omit=dev', 'USER node', 'CMD ["node", "server.js"]'];
    const spec: BuildSpec = {
      dockerfile: dockerfile(...lines),
      layers: [{ line: 1, base: true, bytes: 70 * MiB }, { line: 2, nodeModules: [nodeModules('usr/local/lib', { nodemon: 4 * MiB })] }, { line: 4, bytes: 2 * KiB, manifests: [APP({ start: 'node server.js' })] }, { line: 5, nodeModules: [nodeModules('app', { express: 2 * MiB })] }],
    };
    expect(ofRule(findingsOf(spec), 'BL005')).toMatchObject([{ severity: 'warning', line: 2, savingsBytes: 4 * MiB, evidence: { globalTools: ['nodemon'] } }]);
  });

  test.each([
    ['a runtime server installed globally', 'RUN npm install -g serve pm2', 'CMD ["serve", "-s", "build"]'],
    ['nodemon in an image whose CMD runs it', 'RUN npm install -g nodemon', 'CMD ["nodemon", "server.js"]'],
  ])('no global-tool finding for %s', (_name, run, cmd) => {
    const spec: BuildSpec = { dockerfile: dockerfile('FROM node:20.11-bookworm-slim', run, 'WORKDIR /app', 'COPY . .', 'USER node', cmd) };
    expect(ofRule(findingsOf(spec), 'BL005')).toEqual([]);
  });
});
