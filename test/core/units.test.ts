import { describe, expect, it } from 'vitest';
import { parseBytes, parseDuration, parsePercent, parseRatio } from '../../src/core/units.js';
import { UsageError } from '../../src/core/errors.js';

describe('gate option units', () => {
  it.each([
    ['500000', 500_000],
    ['200MB', 200_000_000],
    ['200mb', 200_000_000],
    ['200M', 200_000_000],
    ['200MiB', 200 * 1024 ** 2],
    ['1.5GiB', Math.round(1.5 * 1024 ** 3)],
    ['1.5GB', 1_500_000_000],
    ['64KiB', 65_536],
    ['10 kB', 10_000],
    ['7B', 7],
  ])('reads the size %s as %d bytes, decimal for MB and binary for MiB', (text, bytes) => {
    expect(parseBytes(text, '--max-image-size')).toBe(bytes);
  });

  it.each(['12XB', '', 'MB', '-5MB', '1,5GB', 'lots'])('rejects the size %j naming the flag', (text) => {
    expect(() => parseBytes(text, '--max-wasted')).toThrow(UsageError);
    expect(() => parseBytes(text, '--max-wasted')).toThrow(/^--max-wasted: /);
  });

  it.each([
    ['90s', 90_000],
    ['2m', 120_000],
    ['1500ms', 1500],
    ['1h', 3_600_000],
    ['1.5s', 1500],
    ['45', 45_000],
  ])('reads the duration %s as %d ms', (text, ms) => {
    expect(parseDuration(text, '--max-duration')).toBe(ms);
  });

  it.each(['soon', '', '5d', '-1s', '1m30s'])('rejects the duration %j', (text) => {
    expect(() => parseDuration(text, '--max-duration')).toThrow(/--max-duration/);
  });

  it.each([
    ['0.8', 0.8],
    ['80%', 0.8],
    ['100%', 1],
    ['0', 0],
    ['.5', 0.5],
  ])('reads the ratio %s as %d', (text, ratio) => {
    expect(parseRatio(text, '--min-cache-ratio')).toBeCloseTo(ratio, 10);
  });

  it.each(['', ' ', '1.5', '150%', 'abc', '0x1', '-0.1'])('rejects the ratio %j instead of reading it as a number', (text) => {
    expect(() => parseRatio(text, '--min-cache-ratio')).toThrow(/--min-cache-ratio/);
  });

  it.each([
    ['10%', 10],
    ['10', 10],
    ['2.5%', 2.5],
  ])('reads the percentage %s as %d', (text, percent) => {
    expect(parsePercent(text, '--max-growth')).toBe(percent);
  });

  it.each(['', '-5', 'ten', '0x10'])('rejects the percentage %j', (text) => {
    expect(() => parsePercent(text, '--max-growth')).toThrow(/--max-growth/);
  });
});
