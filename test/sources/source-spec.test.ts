import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { describeSource, parseSourceSpec } from '../../src/sources/source-spec.js';
import { exportPath } from '../record-file/support.js';

// What a SOURCE on the command line names, judged against real files.

const dir = mkdtempSync(join(tmpdir(), 'buildlens-source-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function usageError(text: string): string {
  let thrown: unknown;
  try {
    parseSourceSpec(text);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(UsageError);
  expect((thrown as UsageError).exitCode).toBe(2);
  return (thrown as Error).message;
}

describe('parseSourceSpec', () => {
  test('`last` and bare words are history refs', () => {
    expect(parseSourceSpec('last')).toEqual({ kind: 'history', ref: 'last' });
    expect(parseSourceSpec('mm9d66i1jhqpvn4d12fp1icjz')).toEqual({ kind: 'history', ref: 'mm9d66i1jhqpvn4d12fp1icjz' });
  });

  test('a .dockerbuild, with or without #REF, is a record file', () => {
    const file = exportPath('edit-both.dockerbuild');
    expect(parseSourceSpec(file)).toEqual({ kind: 'record-file', path: file });
    expect(parseSourceSpec(`${file}#abc`)).toEqual({ kind: 'record-file', path: file, ref: 'abc' });
  });

  test('a directory, a report.json, and a JSON file under another name are reports', () => {
    const reportDir = join(dir, 'report-dir');
    mkdirSync(reportDir);
    writeFileSync(join(reportDir, 'report.json'), '{}');
    writeFileSync(join(dir, 'previous'), '  {"schemaVersion":1}');
    expect(parseSourceSpec(reportDir)).toEqual({ kind: 'report', path: reportDir });
    expect(parseSourceSpec(join(reportDir, 'report.json'))).toEqual({ kind: 'report', path: join(reportDir, 'report.json') });
    expect(parseSourceSpec(join(dir, 'previous'))).toEqual({ kind: 'report', path: join(dir, 'previous') });
  });

  test('a path that does not exist is one line naming it, never a history lookup', () => {
    expect(usageError(join(dir, 'gone.dockerbuild'))).toBe(
      `${join(dir, 'gone.dockerbuild')}: no such file or directory (a SOURCE is a history ref, \`last\`, a .dockerbuild file or a report directory)`,
    );
    expect(usageError('build.dockerbuild#ref')).toMatch(/^build\.dockerbuild: no such file or directory/);
    expect(usageError('./previous-report')).toMatch(/^\.\/previous-report: no such file/);
    expect(usageError('')).toMatch(/^an empty SOURCE/);
  });

  test('described as the user wrote it', () => {
    expect(describeSource({ kind: 'record-file', path: 'a.dockerbuild', ref: 'r' })).toBe('a.dockerbuild#r');
    expect(describeSource({ kind: 'history', ref: 'last' })).toBe('last');
  });
});
