import { describe, expect, test } from 'vitest';
import { parseRecordFileSpec } from '../../src/record-file/index.js';

// `FILE#REF` on the command line.

describe('parseRecordFileSpec', () => {
  const none = () => false;
  test('a path alone, and a path with a ref', () => {
    expect(parseRecordFileSpec('ci/build.dockerbuild', none)).toEqual({ path: 'ci/build.dockerbuild' });
    expect(parseRecordFileSpec('ci/build.dockerbuild#abc123', none)).toEqual({ path: 'ci/build.dockerbuild', ref: 'abc123' });
    expect(parseRecordFileSpec('ci/build.dockerbuild#', none)).toEqual({ path: 'ci/build.dockerbuild' });
  });

  test('the last "#" splits; a file whose own name has "#" is taken whole', () => {
    expect(parseRecordFileSpec('a#b.dockerbuild#ref', none)).toEqual({ path: 'a#b.dockerbuild', ref: 'ref' });
    expect(parseRecordFileSpec('run#2.dockerbuild', (p) => p === 'run#2.dockerbuild')).toEqual({ path: 'run#2.dockerbuild' });
  });
});
