import { describe, expect, test } from 'vitest';
import { category, dockerfile, findingsOf, MiB, ofRule, type BuildSpec } from '../support/build-input.js';

// BL003: apt-get install without --no-install-recommends.

// `run` (one or more lines) starts on line 3; `comment` sits directly above it.
function aptInstall(comment: string, run: string[], over: Partial<BuildSpec> = {}): BuildSpec {
  return {
    dockerfile: dockerfile('FROM debian:12.5-slim', comment, ...run, 'USER app'),
    layers: [{ line: 1, base: true, bytes: 75 * MiB }, { line: 3, bytes: 46 * MiB }],
    ...over,
  };
}

describe('BL003 apt install recommends', () => {
  test('an install without --no-install-recommends is reported at its RUN with the bytes the step added', () => {
    const found = ofRule(findingsOf(aptInstall('# tools', ['RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'])), 'BL003');
    expect(found).toEqual([
      { rule: 'BL003', severity: 'warning', line: 3, endLine: 3, message: expect.stringContaining('--no-install-recommends') as string, evidence: { layerAddedBytes: 46 * MiB, packageListBytes: 0, installedBytes: 46 * MiB } },
    ]);
  });

  test('the size charged leaves out apt\'s package lists', () => {
    const spec = aptInstall('# tools', ['RUN apt-get update && apt-get install -y curl'], { layers: [{ line: 1, base: true, bytes: 75 * MiB }, { line: 3, bytes: 46 * MiB, categories: [category('apt-lists', 20 * MiB)] }] });
    const [finding] = ofRule(findingsOf(spec), 'BL003');
    expect(finding).toMatchObject({ line: 3, evidence: { layerAddedBytes: 46 * MiB, packageListBytes: 20 * MiB, installedBytes: 26 * MiB } });
    expect(finding?.message).toMatch(/27\.3 MB of packages/);
  });

  test('an install of a package already there is not charged the 19.9 MB of lists its update fetched', () => {
    const lists = 19.9 * 1e6;
    const spec = aptInstall('# tools', ['RUN apt-get update && apt-get install -y git'], { layers: [{ line: 1, base: true, bytes: 900 * MiB }, { line: 3, bytes: lists + 2000, categories: [category('apt-lists', lists)] }] });
    const [finding] = ofRule(findingsOf(spec), 'BL003');
    expect(finding?.message).toContain('no packages beyond');
    expect(finding?.message).not.toMatch(/19\.9|20\.0|19 MB/);
  });

  test.each([
    ['apt install', ['RUN apt install -y curl'], 3],
    ['apt-get with options before install', ['RUN apt-get -y -q install curl'], 3],
    ['an install spread over continuation lines', ['RUN apt-get update \\', '    && apt-get install -y \\', '       curl ca-certificates'], 5],
  ])('%s is reported with the instruction\'s full line range', (_name, run, endLine) => {
    expect(ofRule(findingsOf(aptInstall('# tools', run)), 'BL003')).toMatchObject([{ line: 3, endLine }]);
  });

  test('without a measured layer the finding has empty evidence and no size in the message', () => {
    const [finding] = ofRule(findingsOf(aptInstall('# tools', ['RUN apt-get install -y curl'], { layers: undefined })), 'BL003');
    expect(finding).toMatchObject({ line: 3, evidence: {} });
    expect(finding?.message).not.toContain('added');
  });

  test.each([
    ['--no-install-recommends', 'RUN apt-get update && apt-get install -y --no-install-recommends curl'],
    ['APT::Install-Recommends=false', 'RUN apt-get -o APT::Install-Recommends=false install -y curl'],
    ['apk, not apt', 'RUN apk add --no-cache curl'],
    ['only an index update', 'RUN apt-get update'],
  ])('no finding with %s', (_name, run) => {
    expect(ofRule(findingsOf(aptInstall('# tools', [run])), 'BL003')).toEqual([]);
  });

  test('a buildlens-ignore comment above the RUN silences it', () => {
    expect(ofRule(findingsOf(aptInstall('# buildlens-ignore BL003', ['RUN apt-get install -y curl'])), 'BL003')).toEqual([]);
  });

  test('rules: { BL003: "off" } silences it', () => {
    expect(ofRule(findingsOf(aptInstall('# tools', ['RUN apt-get install -y curl'], { rules: { BL003: 'off' } })), 'BL003')).toEqual([]);
  });
});
