import { describe, expect, test } from 'vitest';
import { nodeModulesPlace } from '../../src/layers/node-modules.js';

describe('nodeModulesPlace', () => {
  test.each([
    ['app/node_modules/react/index.js', { root: 'app', pkg: 'react' }],
    ['node_modules/react/index.js', { root: '', pkg: 'react' }],
    ['app/node_modules/@types/node/index.d.ts', { root: 'app', pkg: '@types/node' }],
    ['app/node_modules/a/node_modules/b/x.js', { root: 'app', pkg: 'a' }],
    ['app/node_modules/.package-lock.json', { root: 'app', pkg: undefined }],
    ['app/node_modules/@scope', { root: 'app', pkg: undefined }],
    ['app/my_node_modules/x/y', undefined],
    ['app/src/index.js', undefined],
  ])('%s is %j', (path, expected) => {
    expect(nodeModulesPlace(path)).toEqual(expected);
  });
});
