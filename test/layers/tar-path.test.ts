import { describe, expect, test } from 'vitest';
import { classifyLayerPath, normalizeTarPath } from '../../src/layers/index.js';

describe('normalizeTarPath', () => {
  test.each([
    ['usr/bin/env', 'usr/bin/env'],
    ['./usr/bin/env', 'usr/bin/env'],
    ['/etc/passwd', 'etc/passwd'],
    ['.//./etc//hosts', 'etc/hosts'],
    ['app/', 'app'],
    ['./', ''],
    ['a/./b/../c', 'a/c'],
    ['app/.env', 'app/.env'],
    ['..file', '..file'],
    ['a/b..', 'a/b..'],
    ['../../etc/passwd', undefined],
    ['a/../../x', undefined],
    ['/..', undefined],
  ])('%j becomes %j', (name, expected) => {
    expect(normalizeTarPath(name)).toBe(expected);
  });
});

describe('classifyLayerPath', () => {
  test.each([
    ['app/.wh.old.txt', { kind: 'whiteout', target: 'app/old.txt' }],
    ['.wh.tmp', { kind: 'whiteout', target: 'tmp' }],
    ['var/cache/.wh..wh..opq', { kind: 'opaque', dir: 'var/cache' }],
    ['.wh..wh..opq', { kind: 'opaque', dir: '' }],
    ['app/.wh.', { kind: 'entry' }],
    ['app/.wh..wh.plnk', { kind: 'entry' }],
    ['app/x.wh.y', { kind: 'entry' }],
    ['.what', { kind: 'entry' }],
  ])('%s is %j', (path, expected) => {
    expect(classifyLayerPath(path)).toEqual(expected);
  });
});
