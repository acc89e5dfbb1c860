import { describe, expect, test } from 'vitest';
import { dockerfile, findingsOf, ofRule, type BuildSpec } from '../support/build-input.js';

// BL011: a base image without a tag, or tagged latest.

// FROM `from` on line 2, `comment` directly above.
function from(comment: string, ref: string, over: Partial<BuildSpec> = {}): BuildSpec {
  return { dockerfile: dockerfile(comment, `FROM ${ref}`, 'USER app'), ...over };
}

describe('BL011 unpinned base image', () => {
  test.each([
    ['no tag', 'node', 'node', null],
    ['the latest tag', 'node:latest', 'node', 'latest'],
    ['a registry port but no tag', 'registry.example.com:5000/team/runtime', 'registry.example.com:5000/team/runtime', null],
    ['no tag on a named stage', 'ubuntu AS base', 'ubuntu', null],
  ])('a base with %s is reported at its FROM as info', (_name, ref, image, tag) => {
    const found = ofRule(findingsOf(from('# base', ref)), 'BL011');
    expect(found).toEqual([{ rule: 'BL011', severity: 'info', line: 2, endLine: 2, message: expect.stringContaining(image) as string, evidence: { image, tag } }]);
  });

  test('each unpinned stage is reported at its own FROM; pinned ones and stage references are not', () => {
    const spec: BuildSpec = { dockerfile: dockerfile('FROM golang AS build', 'RUN go build ./...', 'FROM alpine:3.19 AS certs', 'FROM build AS test', 'FROM debian:latest', 'USER app') };
    expect(ofRule(findingsOf(spec), 'BL011').map((f) => [f.line, f.evidence.image])).toEqual([[1, 'golang'], [5, 'debian']]);
  });

  test.each([
    ['a version tag', 'node:20.11-bookworm-slim'],
    ['a digest', 'node@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'],
    ['latest pinned by a digest', 'node:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'],
    ['scratch', 'scratch'],
    ['a build-arg reference', '${BASE_IMAGE}'],
    ['a registry port and a tag', 'registry.example.com:5000/team/runtime:1.4.2'],
  ])('no finding for %s', (_name, ref) => {
    expect(ofRule(findingsOf(from('# base', ref)), 'BL011')).toEqual([]);
  });

  test('a buildlens-ignore comment above the FROM silences it', () => {
    expect(ofRule(findingsOf(from('# buildlens-ignore BL011', 'node')), 'BL011')).toEqual([]);
  });

  test('rules: { BL011: "off" } silences it', () => {
    expect(ofRule(findingsOf(from('# base', 'node', { rules: { BL011: 'off' } })), 'BL011')).toEqual([]);
  });
});
