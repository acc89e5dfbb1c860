import { describe, expect, test } from 'vitest';
import { compareFiles } from '../../src/diff/files.js';

describe('compareFiles', () => {
  test('sorts each path into added, removed, grown or shrunk, with totals and the largest first', () => {
    const a = new Map([['keep', 10], ['gone', 300], ['grows', 100], ['shrinks', 50], ['gone-too', 1]]);
    const b = new Map([['keep', 10], ['new', 70], ['grows', 160], ['shrinks', 20], ['new-small', 2]]);
    expect(compareFiles(a, b, 1)).toEqual({
      added: { count: 2, bytes: 72, top: [{ path: '/new', bytes: 70 }] },
      removed: { count: 2, bytes: 301, top: [{ path: '/gone', bytes: 300 }] },
      grown: { count: 1, bytes: 60, top: [{ path: '/grows', bytes: 60, before: 100, after: 160 }] },
      shrunk: { count: 1, bytes: 30, top: [{ path: '/shrinks', bytes: 30, before: 50, after: 20 }] },
    });
  });
});
