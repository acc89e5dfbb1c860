import { describe, expect, test } from 'vitest';
import { parseDockerfile } from '../../src/dockerfile/model.js';
import { redactDockerfile } from '../../src/dockerfile/redact-instruction.js';

// The Dockerfile's lines as a report carries them: line for line the file,
// with the values of secret-named ARG and ENV assignments masked.

describe('redactDockerfile', () => {
  test('masks secret-named ARG and ENV values, continued lines included, and keeps every line where it was', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'ARG NPM_TOKEN=npm_abcdefgh12345678',
      'FROM buildlens-fixture/busybox:1',
      'ENV A=1 \\',
      '    DB_PASSWORD="p w" \\',
      '    B=2',
      'RUN echo NPM_TOKEN=kept-as-written',
      '',
    ].join('\n');
    expect(redactDockerfile(parseDockerfile(text))).toEqual([
      '# syntax=docker/dockerfile:1',
      'ARG NPM_TOKEN=***',
      'FROM buildlens-fixture/busybox:1',
      'ENV A=1 \\',
      '    DB_PASSWORD=*** \\',
      '    B=2',
      'RUN echo NPM_TOKEN=kept-as-written',
      '',
    ]);
  });
});
