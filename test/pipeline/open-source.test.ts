import { describe, expect, test } from 'vitest';
import type { BuildkitClient } from '../../src/buildkit/client.js';
import { openSource } from '../../src/pipeline/open-source.js';
import { reportFromSource } from '../../src/pipeline/report.js';
import { recordedClient, sessionNodes } from '../support/recorded-history.js';

// A history source as `report` and `why` open it, over the recorded builds'
// records, logs and provenance (test/fixtures).

describe('openSource of a history ref', () => {
  test('`last` lists the history once: the comparison searches the list `last` was chosen from', async () => {
    const recorded = await recordedClient(['multi-stage', 'cached-rebuild']);
    let listed = 0;
    const client = {
      listRecords: () => {
        listed++;
        return recorded.listRecords();
      },
      getRecord: (ref: string) => recorded.getRecord(ref),
      readBlob: (digest: string) => recorded.readBlob(digest),
      close: async () => undefined,
    } as unknown as BuildkitClient;
    const session = { builder: { name: 'default', driver: 'docker', nodes: [] }, node: 'default', client };
    const opened = await openSource({ kind: 'history', ref: 'last' }, { session, nodes: sessionNodes(session) });
    const built = await reportFromSource(opened.source, { measureLayers: false, baseline: opened.ownBaseline });
    // The newest build (the cached rebuild), compared with the one before it in the same list.
    expect(built.evidence.ref).toBe('z92kx2ckvoo1hec56fi840r8c');
    expect(built.report.compareRef).toBe('kmtiwjk6m5carj1pj241zi4yr');
    expect(listed).toBe(1);
  });
});
