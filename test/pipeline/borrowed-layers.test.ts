import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { reportFromSource } from '../../src/pipeline/report.js';
import { openRecordFileSource } from '../../src/sources/record-file.js';
import type { BlobStore } from '../../src/sources/source.js';
import { exportPath } from '../record-file/support.js';

// A record file's layers borrowed from another store (the engine here, the
// builder): used only when that store has every layer of the image; otherwise
// one note says how many are missing, and no layer is read.

// A store that says it holds the digests `held` picks, and can read none (what was read is listed).
function storeHolding(held: (digest: string, index: number) => boolean): BlobStore & { asked: string[]; reads: string[] } {
  const asked: string[] = [];
  const reads: string[] = [];
  let index = 0;
  return {
    asked,
    reads,
    has: async (digest) => {
      asked.push(digest);
      return held(digest, index++);
    },
    read: async (digest) => {
      reads.push(digest);
      return Readable.from(
        (async function* () {
          throw new Error(`no blob ${digest} here`);
        })(),
      );
    },
  };
}

async function reportWith(store: BlobStore) {
  const { source } = await openRecordFileSource({ path: exportPath('edit-after.dockerbuild') }, { layers: store });
  return reportFromSource(source, { measureLayers: true });
}

describe('borrowed layers of a record file', () => {
  test('a store with none of them: one note naming how many, sizes from the provenance, no layer read', async () => {
    const store = storeHolding(() => false);
    const { report } = await reportWith(store);
    const notes = report.notes.filter((n) => n.topic === 'layers');
    expect(notes.map((n) => n.message)).toEqual([
      `layer contents are not in an exported build record (${exportPath('edit-after.dockerbuild')}), and ${store.asked.length} of the image's ${store.asked.length} layers are neither in the local engine's content store nor on the builder: sizes come from the provenance, and findings that need layer contents are not made`,
    ]);
    expect(store.asked.length).toBe(report.image?.layers.length);
    expect(report.image?.layers.every((l) => l.files === undefined)).toBe(true);
    // Only the exporter's manifest was looked for (it is not in this file either).
    expect(store.reads.filter((d) => store.asked.includes(d))).toEqual([]);
  });

  test('a store with some of them: none is analysed, and the note counts the missing ones', async () => {
    const store = storeHolding((_digest, index) => index % 2 === 0);
    const { report } = await reportWith(store);
    const missing = store.asked.filter((_d, i) => i % 2 !== 0).length;
    expect(report.notes.find((n) => n.topic === 'layers')?.message).toContain(
      `, and ${missing} of the image's ${store.asked.length} layers are neither`,
    );
    expect(report.image?.layers.every((l) => l.files === undefined)).toBe(true);
    expect(store.reads.filter((d) => store.asked.includes(d))).toEqual([]);
  });

  test('without a store to look in, the file says once that layer contents are not in it', async () => {
    const { source } = await openRecordFileSource({ path: exportPath('edit-after.dockerbuild') });
    const { report } = await reportFromSource(source, { measureLayers: true });
    expect(report.notes.filter((n) => n.topic === 'layers').map((n) => n.message)).toEqual([
      `layer contents are not in an exported build record (${exportPath('edit-after.dockerbuild')}): sizes come from the provenance, and findings that need layer contents are not made`,
    ]);
  });
});
