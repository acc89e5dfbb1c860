import { describe, expect, test } from 'vitest';
import { makeRedactor, valuesToMask } from '../../src/core/redact.js';
import { parseVertexName } from '../../src/assemble/vertex-name.js';

describe('redaction of build-arg values', () => {
  test('every occurrence of a long value is masked, including inside words', () => {
    const redact = makeRedactor(['hunter22']);
    expect(redact('RUN echo hunter22 && x=hunter22y')).toBe('RUN echo *** && x=***y');
  });

  test('short values are masked only as whole words, so text around them survives', () => {
    const redact = makeRedactor(['ab']);
    expect(redact('echo ab && cabbage')).toBe('echo *** && cabbage');
  });

  test('values with regex characters are masked literally', () => {
    expect(makeRedactor(['a.b*c'])('x a.b*c y axbbc')).toBe('x *** y axbbc');
  });

  test('no values leaves text unchanged', () => {
    expect(makeRedactor([''])('anything')).toBe('anything');
  });
});

describe('which build-arg values are masked', () => {
  test('a secret-looking name masks its value whatever it is; other args only when the value could be a secret', () => {
    const args = [
      { name: 'NPM_TOKEN', value: 'abc' },
      { name: 'V', value: '1' },
      { name: 'N', value: '0' },
      { name: 'NODE_VERSION', value: '20.11.1' },
      { name: 'DEBUG', value: 'true' },
      { name: 'MSG', value: 's3cr3t-value' },
      { name: 'EMPTY', value: '' },
      { name: 'UNSET' },
    ];
    expect(valuesToMask(args).sort()).toEqual(['abc', 's3cr3t-value']);
  });

  test('--build-arg V=1 leaves progress text alone (it used to read `#*** [internal]`)', () => {
    const redact = makeRedactor(valuesToMask([{ name: 'V', value: '1' }]));
    expect(redact('#1 [internal] load build definition from Dockerfile')).toBe('#1 [internal] load build definition from Dockerfile');
  });
});

describe('vertex names', () => {
  test('stage steps, single-stage steps, platform-prefixed steps and internals are told apart', () => {
    expect(parseVertexName('[build 3/5] COPY . .')).toMatchObject({ kind: 'step', stage: 'build', index: 3, count: 5 });
    expect(parseVertexName('[2/3] RUN make')).toMatchObject({ kind: 'step', stage: 'stage-0', index: 2 });
    expect(parseVertexName('[linux/arm64 tools 1/2] FROM x')).toMatchObject({ kind: 'step', platform: 'linux/arm64', stage: 'tools' });
    expect(parseVertexName('[internal] load build context')).toEqual({ kind: 'internal', category: 'context' });
    expect(parseVertexName('[linux/amd64 internal] load metadata for docker.io/x')).toEqual({ kind: 'internal', category: 'metadata' });
    expect(parseVertexName('exporting to image')).toEqual({ kind: 'internal', category: 'export' });
  });
});
