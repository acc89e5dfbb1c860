import { describe, expect, test } from 'vitest';
import { category, dockerfile, findingsOf, MiB, ofRule, type BuildSpec } from '../support/build-input.js';

// BL004: compilers, toolchains or headers in the final image.

const GCC = category('toolchain', 120 * MiB, ['usr/lib/gcc/x86_64-linux-gnu/12/cc1', 'usr/bin/x86_64-linux-gnu-gcc-12', 'usr/include/stdio.h', 'usr/lib/gcc/x86_64-linux-gnu/12/lto1']);

// build-essential installed on lines 3-4 of the only (final) stage; `comment` sits directly above line 3.
function toolchainInFinal(comment: string, over: Partial<BuildSpec> = {}): BuildSpec {
  return {
    dockerfile: dockerfile(
      'FROM debian:12.5-slim',
      comment,
      'RUN apt-get update && apt-get install -y --no-install-recommends build-essential \\',
      '    && make -C /src install && rm -rf /var/lib/apt/lists/*',
      'COPY config.yml /etc/app/',
      'USER app',
    ),
    layers: [{ line: 1, base: true, bytes: 75 * MiB }, { line: 3, categories: [GCC], bytes: 160 * MiB }, { line: 5, bytes: 4096 }],
    ...over,
  };
}

describe('BL004 toolchain in the final image', () => {
  test('a compiler installed in the final stage is reported at the installing RUN with its bytes and paths', () => {
    const found = ofRule(findingsOf(toolchainInFinal('# build the native addon')), 'BL004');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      rule: 'BL004',
      severity: 'warning',
      line: 3,
      endLine: 4,
      savingsBytes: 120 * MiB,
      evidence: { bytes: 120 * MiB, files: 4, paths: GCC.paths },
    });
    expect(found[0]?.message).toContain('usr/lib/gcc/x86_64-linux-gnu/12/cc1');
  });

  test('with toolchain bytes in two layers it points at the layer holding the most', () => {
    const spec = toolchainInFinal('# build');
    spec.layers = [
      { line: 1, base: true, bytes: 75 * MiB },
      { line: 3, categories: [category('toolchain', 6 * MiB, ['usr/include/zlib.h'])] },
      { line: 5, categories: [category('toolchain', 90 * MiB, ['usr/local/go/bin/go'])] },
    ];
    expect(ofRule(findingsOf(spec), 'BL004')).toMatchObject([{ line: 5, endLine: 5, savingsBytes: 96 * MiB }]);
  });

  test('no finding when the compiler stays in a build stage and the final image holds none', () => {
    const spec: BuildSpec = {
      dockerfile: dockerfile(
        'FROM debian:12.5 AS build',
        'RUN apt-get update && apt-get install -y --no-install-recommends build-essential && make -C /src',
        'FROM debian:12.5-slim',
        'COPY --from=build /src/app /usr/local/bin/app',
        'USER app',
      ),
      layers: [{ line: 3, base: true, bytes: 75 * MiB }, { line: 4, bytes: 8 * MiB }],
    };
    expect(ofRule(findingsOf(spec), 'BL004')).toEqual([]);
  });

  test('no finding below the 5 MiB minToolchainBytes threshold (a few headers)', () => {
    const spec = toolchainInFinal('# build', { layers: [{ line: 1, base: true, bytes: 75 * MiB }, { line: 3, categories: [category('toolchain', 2 * MiB, ['usr/include/zlib.h'])] }] });
    expect(ofRule(findingsOf(spec), 'BL004')).toEqual([]);
  });

  test('a buildlens-ignore comment above the RUN silences it', () => {
    expect(ofRule(findingsOf(toolchainInFinal('# buildlens-ignore BL004')), 'BL004')).toEqual([]);
  });

  test('rules: { BL004: "off" } silences it', () => {
    expect(ofRule(findingsOf(toolchainInFinal('# build', { rules: { BL004: 'off' } })), 'BL004')).toEqual([]);
  });
});
