import { describe, expect, test } from 'vitest';
import { contextSourcesOfText } from '../../src/dockerfile/instruction-args.js';

// The context paths a step's cache key covers, read from its instruction as
// the report gives it (continuation lines included).

describe('contextSourcesOfText', () => {
  test('a COPY or ADD reads its sources; --from and URLs read none of the context', () => {
    expect(contextSourcesOfText('COPY package.json package-lock.json ./')).toEqual(['package.json', 'package-lock.json']);
    expect(contextSourcesOfText('COPY --chown=node:node . .')).toEqual(['.']);
    expect(contextSourcesOfText('COPY ["a b.txt", "/dst/"]')).toEqual(['a b.txt']);
    expect(contextSourcesOfText('COPY --from=build /app/dist /usr/share/nginx/html')).toEqual([]);
    expect(contextSourcesOfText('ADD https://example.com/x.tgz /x.tgz')).toEqual([]);
  });

  test("a RUN reads what it bind-mounts from the context (docker init's npm ci)", () => {
    const run = `RUN --mount=type=bind,source=package.json,target=package.json \\
    --mount=type=bind,source=package-lock.json,target=package-lock.json \\
    --mount=type=cache,target=/root/.npm \\
    npm ci --omit=dev`;
    expect(contextSourcesOfText(run)).toEqual(['package.json', 'package-lock.json']);
  });

  test('a bind mount with no source is the context root; no type means bind; src= is source=', () => {
    expect(contextSourcesOfText('RUN --mount=type=bind,target=/src make -C /src')).toEqual(['.']);
    expect(contextSourcesOfText('RUN --mount=target=/go.mod,source=go.mod go mod download')).toEqual(['go.mod']);
    expect(contextSourcesOfText('RUN --mount=type=bind,src=requirements.txt,dst=/tmp/r.txt pip install -r /tmp/r.txt')).toEqual([
      'requirements.txt',
    ]);
  });

  test('mounts that are not of the context read none of it', () => {
    expect(contextSourcesOfText('RUN --mount=type=bind,from=build,source=/out,target=/out cp -r /out /srv')).toEqual([]);
    expect(contextSourcesOfText('RUN --mount=type=cache,target=/root/.cache/go-build go build ./...')).toEqual([]);
    expect(contextSourcesOfText('RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci')).toEqual([]);
    expect(contextSourcesOfText('RUN --network=none make')).toEqual([]);
    expect(contextSourcesOfText('RUN npm ci')).toEqual([]);
  });
});
