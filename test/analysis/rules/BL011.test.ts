import { describe, expect, test } from 'vitest';
import { buildInput, dockerfile, findingsOf, ofRule, type BuildSpec, runRules } from '../support/build-input.js';

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

  test.each([
    ['node:lts', 'lts'],
    ['node:lts-alpine', 'lts-alpine'],
    ['node:lts-buster-slim', 'lts-buster-slim'],
    ['nginx:alpine', 'alpine'],
    ['nginx:stable-alpine', 'stable-alpine'],
    ['node:18', '18'],
    ['node:18-slim', '18-slim'],
  ])('a floating tag (%s) is reported as info at its FROM', (ref, tag) => {
    expect(ofRule(findingsOf(from('# base', ref)), 'BL011')).toMatchObject([{ line: 2, severity: 'info', evidence: { tag } }]);
  });

  test.each([['nginx:1.25-alpine'], ['node:17.0.1-bullseye-slim'], ['golang:1.18-alpine'], ['debian:bookworm-slim'], ['node:lts@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef']])('no finding for a release tag or a digest: %s', (ref) => {
    expect(ofRule(findingsOf(from('# base', ref)), 'BL011')).toEqual([]);
  });

  test('COPY --from an image with no tag is reported at the COPY; --from a stage, a release tag or a digest is not', () => {
    const spec: BuildSpec = {
      dockerfile: dockerfile(
        'FROM node:20.11-bookworm-slim AS build',
        'RUN echo built > /out',
        'FROM debian:bookworm-slim',
        'COPY --from=gloursdocker/docker / /',
        'COPY --from=build /out /out',
        'COPY --from=docker/buildx-bin:0.13.1 /buildx /buildx',
        'COPY --from=tool@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef /t /t',
        'COPY --from=0 /out /out0',
        'USER app',
      ),
    };
    expect(ofRule(findingsOf(spec), 'BL011').map((f) => [f.line, f.evidence.image, f.evidence.tag])).toEqual([[4, 'gloursdocker/docker', null]]);
  });

  test('a stage the target does not need is not judged: it pulled nothing in this build', () => {
    const input = buildInput({ dockerfile: dockerfile('FROM node:20.11-bookworm-slim AS development', 'RUN echo dev', 'FROM development AS dev-envs', 'COPY --from=gloursdocker/docker / /', 'FROM golang AS tools', 'USER app'), target: 'development' });
    input.report.steps = input.report.steps.filter((s) => s.stage === 'development');
    expect(ofRule(runRules(input), 'BL011')).toEqual([]);
  });

  test('a buildlens-ignore comment above the FROM silences it', () => {
    expect(ofRule(findingsOf(from('# buildlens-ignore BL011', 'node')), 'BL011')).toEqual([]);
  });

  test('rules: { BL011: "off" } silences it', () => {
    expect(ofRule(findingsOf(from('# base', 'node', { rules: { BL011: 'off' } })), 'BL011')).toEqual([]);
  });
});
