import { describe, expect, test } from 'vitest';
import { dockerfile, findingsOf, MiB, ofRule, type BuildSpec } from '../support/build-input.js';

// BL016: a build secret's bytes in a layer of the image (the layer analysis
// found a file of the secret's size and SHA-256; the rule places it).

// The secret `s` mounted on line 3 and copied to /x by that RUN (`comment` directly above), in layer 1.
function copied(comment: string, over: Partial<BuildSpec> = {}): BuildSpec {
  return {
    dockerfile: dockerfile('FROM alpine:3.19', comment, 'RUN --mount=type=secret,id=s cp /run/secrets/s /x', 'USER nobody'),
    layers: [{ line: 1, base: true, bytes: 7 * MiB }, { line: 3, bytes: 4096 }],
    secretCopies: [{ secret: 's', layer: 1, path: '/x' }],
    ...over,
  };
}

describe('BL016 a build secret copied into the image', () => {
  test('is an error at the line of the step whose layer holds it, naming the secret and the path', () => {
    const found = ofRule(findingsOf(copied('# setup')), 'BL016');
    expect(found).toEqual([
      {
        rule: 'BL016',
        severity: 'error',
        line: 3,
        endLine: 3,
        message: 'the secret `s` is copied into the image at /x: anyone who pulls the image can read it',
        evidence: { secret: 's', paths: ['/x'], layer: 'sha256:layer1', base: false },
      },
    ]);
  });

  test('copies of one secret in one layer make one finding; another secret or layer its own', () => {
    const spec = copied('# setup', {
      dockerfile: dockerfile('FROM alpine:3.19', '# setup', 'RUN --mount=type=secret,id=s --mount=type=secret,id=t cp /run/secrets/s /x && cp /run/secrets/s /y && cp /run/secrets/t /z', 'COPY --from=0 /x /copied'),
      layers: [{ line: 1, base: true }, { line: 3 }, { line: 4 }],
      secretCopies: [
        { secret: 's', layer: 1, path: '/x' },
        { secret: 's', layer: 1, path: '/y' },
        { secret: 't', layer: 1, path: '/z' },
        { secret: 's', layer: 2, path: '/copied' },
      ],
    });
    const found = ofRule(findingsOf(spec), 'BL016');
    expect(found.map((f) => [f.line, f.evidence.secret, f.evidence.paths])).toEqual([
      [3, 's', ['/x', '/y']],
      [3, 't', ['/z']],
      [4, 's', ['/copied']],
    ]);
  });

  test('the value is never in the finding: only the id and the paths', () => {
    const text = JSON.stringify(ofRule(findingsOf(copied('# setup')), 'BL016'));
    expect(Object.keys(JSON.parse(text)[0].evidence).sort()).toEqual(['base', 'layer', 'paths', 'secret']);
  });

  test('no finding when no copy was found, or when the secrets were not known', () => {
    expect(ofRule(findingsOf(copied('# setup', { secretCopies: [] })), 'BL016')).toEqual([]);
    const { secretCopies: _unused, ...unknown } = copied('# setup');
    expect(ofRule(findingsOf(unknown), 'BL016')).toEqual([]);
  });

  test('a buildlens-ignore comment above the RUN silences it, and so does rules: { BL016: "off" }', () => {
    expect(ofRule(findingsOf(copied('# buildlens-ignore BL016')), 'BL016')).toEqual([]);
    expect(ofRule(findingsOf(copied('# setup', { rules: { BL016: 'off' } })), 'BL016')).toEqual([]);
  });
});
