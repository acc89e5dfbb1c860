import { describe, expect, test } from 'vitest';
import { analyzeLayer } from '../../src/layers/index.js';
import { descOf, gzipLayer, streamOf } from './support.js';

describe('what analyzeLayer recognises in a layer', () => {
  test('package caches and secrets are tallied by category with their largest paths; secret contents never kept', async () => {
    const blob = await gzipLayer([
      { name: 'var/lib/apt/lists/deb.debian.org_dists_bookworm_InRelease', size: 3000 },
      { name: 'var/lib/apt/lists/deb.debian.org_dists_bookworm_main_Packages.lz4', size: 9000 },
      { name: 'var/lib/apt/lists/lock', size: 0 },
      { name: 'app/.env', content: 'API_KEY=do-not-keep-me' },
      { name: 'root/.ssh/id_rsa', content: '-----BEGIN OPENSSH PRIVATE KEY----- secret-body' },
    ]);
    const { facts } = await analyzeLayer(streamOf(blob), descOf('sha256:cats'));
    expect(facts.categories.find((c) => c.category === 'apt-lists')).toEqual({
      category: 'apt-lists',
      bytes: 12_000,
      files: 2,
      paths: ['var/lib/apt/lists/deb.debian.org_dists_bookworm_main_Packages.lz4', 'var/lib/apt/lists/deb.debian.org_dists_bookworm_InRelease'],
    });
    expect(facts.categories.find((c) => c.category === 'secret')?.paths).toEqual(['root/.ssh/id_rsa', 'app/.env']);
    const serialized = JSON.stringify(facts);
    expect(serialized).not.toContain('do-not-keep-me');
    expect(serialized).not.toContain('secret-body');
  });

  test('category examples keep the 10 largest paths while bytes and files count all of them', async () => {
    const entries = Array.from({ length: 25 }, (_, i) => ({ name: `usr/share/man/man1/p${i}.1.gz`, size: 10 * (i + 1) }));
    const { facts } = await analyzeLayer(streamOf(await gzipLayer(entries)), descOf('sha256:man'));
    const docs = facts.categories.find((c) => c.category === 'docs');
    expect(docs?.files).toBe(25);
    expect(docs?.bytes).toBe((10 * 25 * 26) / 2);
    expect(docs?.paths).toHaveLength(10);
    expect(docs?.paths[0]).toBe('usr/share/man/man1/p24.1.gz');
  });

  test('node_modules trees are measured per root and per top-level package, scoped and nested ones included', async () => {
    const blob = await gzipLayer([
      { name: 'app/node_modules/jest/index.js', size: 700 },
      { name: 'app/node_modules/jest/node_modules/chalk/index.js', size: 50 },
      { name: 'app/node_modules/@babel/core/lib/x.js', size: 300 },
      { name: 'app/node_modules/.package-lock.json', size: 20 },
      { name: 'node_modules/left-pad/index.js', size: 9 },
      { name: 'usr/lib/node_modules/npm/bin/npm-cli.js', size: 4 },
    ]);
    const { facts } = await analyzeLayer(streamOf(blob), descOf('sha256:nm'));
    const byRoot = Object.fromEntries(facts.nodeModules.map((t) => [t.root, t]));
    expect(byRoot.app).toEqual({ root: 'app', bytes: 1070, packages: { jest: 750, '@babel/core': 300 } });
    expect(byRoot['']).toEqual({ root: '', bytes: 9, packages: { 'left-pad': 9 } });
    expect(byRoot['usr/lib']).toEqual({ root: 'usr/lib', bytes: 4, packages: { npm: 4 } });
  });

  test('only package.json files outside node_modules and at most 64 KiB are read as manifests', async () => {
    const manifest = JSON.stringify({ name: 'app', devDependencies: { jest: '29' } });
    const huge = JSON.stringify({ name: 'big', description: 'x'.repeat(70 * 1024) });
    const blob = await gzipLayer([
      { name: 'app/package.json', content: manifest },
      { name: 'package.json', content: '{"name":"root"}' },
      { name: 'app/node_modules/jest/package.json', content: '{"name":"jest"}' },
      { name: 'big/package.json', content: huge },
      { name: 'app/package.json.bak', content: '{}' },
    ]);
    const { facts } = await analyzeLayer(streamOf(blob, 1000), descOf('sha256:manifests'));
    expect(facts.manifests).toEqual([
      { path: 'app/package.json', text: manifest },
      { path: 'package.json', text: '{"name":"root"}' },
    ]);
  });

  test('installed packages\' package.json give their dependencies (a nested package\'s toward its top-level one) and the top-level ones\' commands', async () => {
    const blob = await gzipLayer([
      { name: 'app/node_modules/nodemon/package.json', content: JSON.stringify({ name: 'nodemon', bin: { nodemon: 'bin/nodemon.js' }, dependencies: { chokidar: '^3' }, devDependencies: { mocha: '*' } }) },
      { name: 'app/node_modules/@vue/cli-service/package.json', content: JSON.stringify({ name: '@vue/cli-service', bin: { 'vue-cli-service': 'bin/x.js' }, optionalDependencies: { fsevents: '*' } }) },
      { name: 'app/node_modules/typescript/package.json', content: JSON.stringify({ name: 'typescript', bin: { tsc: 'bin/tsc', tsserver: 'bin/tsserver' } }) },
      { name: 'app/node_modules/@scope/tool/package.json', content: JSON.stringify({ name: '@scope/tool', bin: 'cli.js' }) },
      { name: 'app/node_modules/chokidar/node_modules/readdirp/package.json', content: JSON.stringify({ name: 'readdirp', bin: { readdirp: 'x.js' }, dependencies: { picomatch: '*' } }) },
      { name: 'app/node_modules/chokidar/package.json', content: JSON.stringify({ name: 'chokidar', dependencies: { readdirp: '*', braces: '*' } }) },
      { name: 'app/node_modules/broken/package.json', content: '{ not json' },
    ]);
    const { facts } = await analyzeLayer(streamOf(blob), descOf('sha256:links'));
    const [tree] = facts.nodeModules;
    expect(tree?.dependencies).toEqual({ nodemon: ['chokidar'], '@vue/cli-service': ['fsevents'], typescript: [], '@scope/tool': [], chokidar: ['picomatch', 'readdirp', 'braces'], broken: [] });
    expect(tree?.bins).toEqual({ nodemon: 'nodemon', 'vue-cli-service': '@vue/cli-service', tsc: 'typescript', tsserver: 'typescript', tool: '@scope/tool' });
    expect(facts.manifests).toEqual([]);
  });
});
