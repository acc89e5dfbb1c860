import { describe, expect, test } from 'vitest';
import { similar } from '../../src/enrich/cache-compare.js';

// Steps as the report model carries them: a FROM of a local image has baseImage set.
function steps(...instructions: string[]) {
  return {
    steps: instructions.map((instruction) => ({
      instruction,
      ...(instruction.startsWith('FROM ') ? { baseImage: instruction.slice(5) } : {}),
    })),
  } as unknown as Parameters<typeof similar>[0];
}

describe('similar: is the latest build with this Dockerfile name a build of the same Dockerfile?', () => {
  test('one changed instruction among several: the same Dockerfile', () => {
    const before = steps('FROM busybox', 'WORKDIR /app', 'COPY package.json ./', 'RUN npm ci', 'COPY . .');
    const after = steps('FROM busybox', 'WORKDIR /app', 'COPY package.json ./', 'RUN npm ci --omit=dev', 'COPY . .');
    expect(similar(after, before)).toBe(true);
  });

  test('two projects sharing only their base image are not compared', () => {
    expect(similar(steps('FROM busybox', 'COPY small.txt /small.txt'), steps('FROM busybox', 'RUN echo 04a7f4ba'))).toBe(false);
  });

  test('a Dockerfile that is only a FROM is compared on its FROM', () => {
    expect(similar(steps('FROM busybox'), steps('FROM busybox'))).toBe(true);
    expect(similar(steps('FROM busybox'), steps('FROM debian'))).toBe(false);
  });
});
