import { describe, expect, it } from 'vitest';
import { compileGoPattern } from '../../src/context/go-match.js';

// Expectations taken from Go's own table: src/path/filepath/match_test.go (go1.22).
const CASES: Array<[pattern: string, name: string, matches: boolean]> = [
  ['abc', 'abc', true],
  ['*', 'abc', true],
  ['*c', 'abc', true],
  ['a*', 'a', true],
  ['a*', 'abc', true],
  ['a*', 'ab/c', false],
  ['a*/b', 'abc/b', true],
  ['a*/b', 'a/c/b', false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
  ['a*b?c*x', 'abxbbxdbxebxczzx', true],
  ['a*b?c*x', 'abxbbxdbxebxczzy', false],
  ['ab[c]', 'abc', true],
  ['ab[b-d]', 'abc', true],
  ['ab[e-g]', 'abc', false],
  ['ab[^c]', 'abc', false],
  ['ab[^b-d]', 'abc', false],
  ['ab[^e-g]', 'abc', true],
  ['a\\*b', 'a*b', true],
  ['a\\*b', 'ab', false],
  ['a?b', 'a☺b', true],
  ['a[^a]b', 'a☺b', true],
  ['a???b', 'a☺b', false],
  ['a[^a][^a][^a]b', 'a☺b', false],
  ['[a-ζ]*', 'α', true],
  ['*[a-ζ]', 'A', false],
  ['a?b', 'a/b', false],
  ['a*b', 'a/b', false],
  ['[\\]a]', ']', true],
  ['[\\-]', '-', true],
  ['[x\\-]', 'x', true],
  ['[x\\-]', '-', true],
  ['[x\\-]', 'z', false],
  ['[\\-x]', 'x', true],
  ['[!a]', 'b', false],
  ['[!a]', '!', true],
  ['*x', 'xxx', true],
  ['package*.json', 'package-lock.json', true],
  ['package*.json', 'package.json.bak', false],
];

const BAD_PATTERNS = ['[]a]', '[-]', '[x-]', '[-x]', '\\', '[a-b-c]', '[', '[^', '[^bc', 'a[', 'a\\'];

describe('compileGoPattern matches like Go filepath.Match', () => {
  it.each(CASES)('pattern %j against %j gives %s', (pattern, name, matches) => {
    const regex = compileGoPattern(pattern);
    expect(regex).not.toBeNull();
    expect(regex?.test(name)).toBe(matches);
  });

  it.each(BAD_PATTERNS)('rejects the malformed pattern %j as Go does', (pattern) => {
    expect(compileGoPattern(pattern)).toBeNull();
  });

  it('treats regular-expression characters literally', () => {
    expect(compileGoPattern('a.c(d)+')?.test('a.c(d)+')).toBe(true);
    expect(compileGoPattern('a.c')?.test('abc')).toBe(false);
  });
});
