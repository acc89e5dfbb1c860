import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { BuildkitClient } from '../../src/buildkit/client.js';
import { readLogFrames } from '../../src/collect/logs-blob.js';
import { assembleBuild } from '../../src/assemble/assemble.js';
import { makeRedactor } from '../../src/core/redact.js';
import { fixtureText, loadRecorded } from '../support/fixtures.js';

// Recorded from BuildKit v0.26.3: a build restored by --cache-from
// type=local after the builder's cache was pruned.
const FIXTURE = 'v0.26-cache-from';

// The "[stage n/m]" part of a vertex name (the rest may carry build-arg values).
const stepKey = (name: string) => /^\[[^\]]+\]/.exec(name)?.[0];

// The steps buildx's own plain progress marked CACHED.
function cachedPerBuildx(progress: string): Set<string> {
  const names = new Map<string, string>();
  const cached = new Set<string>();
  for (const line of progress.split('\n')) {
    const named = /^#(\d+) (\[.*)$/.exec(line);
    if (named?.[1] && named[2] && !names.has(named[1])) names.set(named[1], named[2]);
    const hit = /^#(\d+) CACHED$/.exec(line);
    const key = hit?.[1] ? stepKey(names.get(hit[1]) ?? '') : undefined;
    if (key) cached.add(key);
  }
  return cached;
}

describe('progress folding of a build restored from --cache-from', () => {
  test('the recorded log has a step that says cached once and then updates without it', async () => {
    const { logs } = await loadRecorded(FIXTURE);
    const seen = new Map<string, boolean[]>();
    for await (const frame of readLogFrames(Readable.from([logs]))) {
      for (const v of BuildkitClient.decodeStatus(frame).vertexes) seen.set(v.digest, [...(seen.get(v.digest) ?? []), Boolean(v.cached)]);
    }
    const lazy = [...seen.values()].filter((flags) => flags.indexOf(true) >= 0 && flags.slice(flags.indexOf(true) + 1).includes(false));
    expect(lazy.length).toBeGreaterThan(0);
  });

  test('every step buildx printed CACHED stays cached to the end of the stream', async () => {
    const { progress } = await loadRecorded(FIXTURE);
    const expected = cachedPerBuildx(fixtureText(`${FIXTURE}/buildx-progress.txt`));
    expect(expected.size).toBe(8);
    const folded = new Set([...progress.vertexes.values()].filter((v) => v.cached).map((v) => stepKey(v.name)));
    expect(folded).toEqual(expected);
  });

  test('the report counts all of them cached, as buildx did', async () => {
    const recorded = await loadRecorded(FIXTURE);
    const { report } = assembleBuild({
      builder: { name: 'buildlens-remote', driver: 'remote' },
      ref: recorded.record.ref,
      dockerfilePath: 'Dockerfile',
      platforms: [],
      exitCode: 0,
      record: recorded.record,
      vertexes: recorded.progress.vertexes,
      ...(recorded.provenance ? { provenance: recorded.provenance } : {}),
      redact: makeRedactor([]),
      toolVersion: 'test',
    });
    expect(report.cache).toEqual({ steps: 8, cached: 8, ratio: 1 });
  });
});
