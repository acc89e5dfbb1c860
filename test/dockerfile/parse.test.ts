import { describe, expect, test } from 'vitest';
import { argNames, copiesWholeContext, copySources, hasCacheMount, mountsOf, userOf } from '../../src/dockerfile/instruction-args.js';
import { allInstructions, finalStage, instructionAt, parseDockerfile, splitImage, stageLineage } from '../../src/dockerfile/model.js';

// The Dockerfile model on the shapes real Dockerfiles take: line ranges must
// match what BuildKit's provenance reports (1-based, continuations and
// heredoc bodies included), since every finding is placed by them.

const text = (...lines: string[]): string => `${lines.join('\n')}\n`;

const GO_SERVICE = text(
  '# syntax=docker/dockerfile:1.7', //                                        1
  'ARG GO_VERSION=1.22', //                                                    2
  'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build', //  3
  'WORKDIR /src', //                                                           4
  'COPY go.mod go.sum ./', //                                                  5
  'RUN --mount=type=cache,target=/go/pkg/mod \\', //                           6
  '    --mount=type=secret,id=netrc,target=/root/.netrc \\', //                7
  '    go mod download', //                                                    8
  'COPY . .', //                                                               9
  'RUN <<EOF', //                                                              10
  'set -e', //                                                                 11
  'CGO_ENABLED=0 go build -o /out/app ./cmd/app', //                           12
  'EOF', //                                                                    13
  '', //                                                                       14
  'FROM gcr.io/distroless/static-debian12:nonroot@sha256:0123abcd AS runtime', // 15
  'COPY --from=build --chown=65532:65532 /out/app /app', //                   16
  'USER nonroot:nonroot', //                                                   17
  'ENTRYPOINT ["/app"]', //                                                    18
);

describe('parseDockerfile', () => {
  const model = parseDockerfile(GO_SERVICE);

  test('global ARGs before the first FROM are kept apart from the stages', () => {
    expect(model.globalArgs.map((a) => [a.keyword, a.line, argNames(a)])).toEqual([['ARG', 2, ['GO_VERSION']]]);
    expect(model.globalArgs[0]?.stage).toBe(-1);
  });

  test('stages have their alias, index, FROM line, platform and split image reference', () => {
    expect(model.stages.map((s) => ({ index: s.index, name: s.name, fromLine: s.fromLine, platform: s.platform, from: s.from }))).toEqual([
      { index: 0, name: 'build', fromLine: 3, platform: '$BUILDPLATFORM', from: { image: 'golang', tag: '${GO_VERSION}-bookworm' } },
      { index: 1, name: 'runtime', fromLine: 15, platform: undefined, from: { image: 'gcr.io/distroless/static-debian12', tag: 'nonroot', digest: 'sha256:0123abcd' } },
    ]);
  });

  test('a RUN continued over three lines spans them all, and keeps both of its --mount flags', () => {
    const run = instructionAt(model, 7);
    expect(run).toMatchObject({ keyword: 'RUN', line: 6, endLine: 8, stage: 0 });
    expect(run && mountsOf(run)).toEqual(['type=cache,target=/go/pkg/mod', 'type=secret,id=netrc,target=/root/.netrc']);
    expect(run && hasCacheMount(run)).toBe(true);
    expect(run?.text).toBe(GO_SERVICE.split('\n').slice(5, 8).join('\n'));
  });

  test('a heredoc RUN spans its body up to the closing delimiter', () => {
    expect(instructionAt(model, 12)).toMatchObject({ keyword: 'RUN', line: 10, endLine: 13 });
    expect(instructionAt(model, 14)).toBeUndefined();
  });

  test('COPY flags are read, sources are what precedes the destination, and only a copy of the context counts as whole', () => {
    const fromBuild = instructionAt(model, 16);
    expect(fromBuild?.flags).toEqual({ from: 'build', chown: '65532:65532' });
    expect(fromBuild && copySources(fromBuild)).toEqual(['/out/app']);
    const all = allInstructions(model);
    expect(all.filter(copiesWholeContext).map((i) => i.line)).toEqual([9]);
  });

  test('the final stage is the last one, or the target; USER is read without its group', () => {
    expect(finalStage(model)?.name).toBe('runtime');
    expect(finalStage(model, 'BUILD')?.name).toBe('build');
    const user = instructionAt(model, 17);
    expect(user && userOf(user)).toBe('nonroot');
  });

  test('a stage built FROM an earlier stage refers to it, and its lineage walks back to the root', () => {
    const m = parseDockerfile(text('FROM node:20.11-slim AS base', 'USER node', 'FROM base AS deps', 'RUN npm ci', 'FROM deps', 'CMD ["node"]'));
    expect(m.stages[2]?.from).toEqual({ image: 'deps', stageRef: 'deps' });
    expect(m.stages[2]?.fromStage).toBe(1);
    expect(stageLineage(m, m.stages[2]!).map((s) => s.name)).toEqual(['stage-2', 'deps', 'base']);
  });

  test('FROM naming a stage defined later (or not at all) is an image, as BuildKit resolves it', () => {
    const m = parseDockerfile(text('FROM app', 'FROM alpine:3.19 AS app'));
    expect(m.stages[0]?.from).toEqual({ image: 'app' });
    expect(m.stages[0]?.fromStage).toBeUndefined();
  });

  test('JSON-form COPY sources are read as JSON, spaces and all', () => {
    const m = parseDockerfile(text('FROM alpine:3.19', 'COPY ["my dir/", "other", "/dst/"]'));
    const copy = instructionAt(m, 2);
    expect(copy && copySources(copy)).toEqual(['my dir/', 'other']);
    expect(copy && copiesWholeContext(copy)).toBe(false);
  });

  test('ARG with several names declares them all, values never part of a name', () => {
    const m = parseDockerfile(text('FROM alpine:3.19', 'ARG VERSION=1.0 NPM_TOKEN', 'ARG A="x y"'));
    expect(argNames(instructionAt(m, 2)!)).toEqual(['VERSION', 'NPM_TOKEN']);
    expect(argNames(instructionAt(m, 3)!)).toEqual(['A']);
  });

  test('CRLF line endings and lowercase keywords give the same lines', () => {
    const m = parseDockerfile('from alpine:3.19 as base\r\nrun apk add --no-cache curl \\\r\n  jq\r\nuser app\r\n');
    expect(m.stages[0]?.name).toBe('base');
    expect(allInstructions(m).map((i) => [i.keyword, i.line, i.endLine])).toEqual([['FROM', 1, 1], ['RUN', 2, 3], ['USER', 4, 4]]);
  });

  test('an empty or comment-only file has no stages and does not throw', () => {
    expect(parseDockerfile('').stages).toEqual([]);
    expect(parseDockerfile('# nothing here\n').stages).toEqual([]);
  });
});

describe('buildlens-ignore comments', () => {
  test('a comment directly above silences the rules it names for that instruction only', () => {
    const m = parseDockerfile(text('FROM debian:12.5-slim', '# buildlens-ignore BL003,bl002', 'RUN apt-get install -y curl', 'RUN apt-get install -y git'));
    expect(instructionAt(m, 3)?.ignore).toEqual(['BL003', 'BL002']);
    expect(instructionAt(m, 4)?.ignore).toEqual([]);
  });

  test('a suppression in the comment block touching the instruction counts; one above a blank line does not', () => {
    const m = parseDockerfile(text('FROM debian:12.5-slim', '# buildlens-ignore BL014', '# curl is needed by the healthcheck', 'RUN apt-get install -y curl', '# buildlens-ignore BL003', '', 'RUN apt-get install -y git'));
    expect(instructionAt(m, 4)?.ignore).toEqual(['BL014']);
    expect(instructionAt(m, 7)?.ignore).toEqual([]);
  });

  test('a suppression above a global ARG and above a FROM is attached to them', () => {
    const m = parseDockerfile(text('# buildlens-ignore BL009', 'ARG REGISTRY_PASSWORD', '# buildlens-ignore BL011', 'FROM node'));
    expect(m.globalArgs[0]?.ignore).toEqual(['BL009']);
    expect(m.stages[0]?.instructions[0]?.ignore).toEqual(['BL011']);
  });

  test('text that only looks like a suppression names nothing', () => {
    const m = parseDockerfile(text('FROM alpine:3.19', '# buildlens-ignore: please', '# see buildlens-ignore BL003', 'RUN true'));
    expect(instructionAt(m, 4)?.ignore).toEqual([]);
  });
});

describe('splitImage', () => {
  test.each([
    ['node', { image: 'node' }],
    ['node:20-slim', { image: 'node', tag: '20-slim' }],
    ['registry.example.com:5000/team/app', { image: 'registry.example.com:5000/team/app' }],
    ['registry.example.com:5000/team/app:1.4.2', { image: 'registry.example.com:5000/team/app', tag: '1.4.2' }],
    ['node@sha256:abc', { image: 'node', digest: 'sha256:abc' }],
    ['node:latest@sha256:abc', { image: 'node', tag: 'latest', digest: 'sha256:abc' }],
  ])('%s splits into name, tag and digest', (ref, expected) => {
    expect(splitImage(ref)).toEqual(expected);
  });
});
