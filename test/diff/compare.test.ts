import { describe, expect, test } from 'vitest';
import { compareReports } from '../../src/diff/compare.js';
import type { Report } from '../../src/model/report.js';
import { liveReport } from '../record-file/support.js';

// The base image of a diff: its layers decide, not how the FROM line is spelled.

function respelled(report: Report, from: string): Report {
  const copy = structuredClone(report);
  for (const step of copy.steps) if (/^FROM\s/i.test(step.instruction)) step.instruction = from;
  return copy;
}

describe('compareReports: the base image', () => {
  test('a FROM re-spelled to the same base layers is not a changed base', () => {
    const a = liveReport('edit-before');
    const b = respelled(a, 'FROM buildlens-fixture/busybox@sha256:0000 AS deps');
    const diff = compareReports({ name: 'a', report: a }, { name: 'b', report: b });
    expect(diff.base.a.from).not.toBe(diff.base.b.from);
    expect(diff.base.changed).toBe(false);
  });

  test('different base layers are a changed base', () => {
    const a = liveReport('edit-before');
    const b = structuredClone(a);
    const firstBase = b.image?.layers.find((l) => l.base);
    if (!firstBase) throw new Error('the recorded report has no base layer');
    firstBase.digest = `sha256:${'1'.repeat(64)}`;
    expect(compareReports({ name: 'a', report: a }, { name: 'b', report: b }).base.changed).toBe(true);
  });

  test('with no layers on either side, the FROM text decides', () => {
    const a = structuredClone(liveReport('edit-before'));
    delete a.image;
    const b = respelled(a, 'FROM buildlens-fixture/debian:bookworm AS deps');
    expect(compareReports({ name: 'a', report: a }, { name: 'b', report: b }).base.changed).toBe(true);
    expect(compareReports({ name: 'a', report: a }, { name: 'b', report: structuredClone(a) }).base.changed).toBe(false);
  });
});
