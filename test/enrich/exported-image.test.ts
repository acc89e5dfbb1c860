import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import type { HistoryRecord } from '../../src/buildkit/types.js';
import { exportedAnything, finalChain, locateImage } from '../../src/enrich/exported-image.js';
import { loadRecorded, type RecordedBuild } from '../support/fixtures.js';

// Which image a report describes, on a recorded build whose build stage
// (debian plus three steps) has a longer layer chain than the final image
// (busybox plus one COPY --from): the node → nginx shape.

async function recorded(): Promise<RecordedBuild & { provenance: NonNullable<RecordedBuild['provenance']> }> {
  const build = await loadRecorded('build-stage-longer');
  if (!build.provenance) throw new Error('fixture without provenance');
  return { ...build, provenance: build.provenance };
}

// Serves the recorded index and manifests; any other digest is "not found", as the content store says.
function blobsOf(exported: Map<string, Buffer>) {
  return async (digest: string) => {
    const bytes = exported.get(digest);
    if (!bytes) throw new Error(`${digest}: not found`);
    return Readable.from([bytes]);
  };
}

function longestChain(build: RecordedBuild): string[] {
  let longest: string[] = [];
  for (const chain of build.provenance?.stepLayers.values() ?? []) if (chain.length > longest.length) longest = chain.map((d) => d.digest);
  return longest;
}

function manifestLayers(build: RecordedBuild): string[] {
  const manifests = [...build.exported.values()].map((b) => JSON.parse(b.toString('utf8')) as { layers?: Array<{ digest: string; mediaType: string }> });
  const image = manifests.find((m) => m.layers?.some((l) => l.mediaType.includes('layer')));
  return image?.layers?.map((l) => l.digest) ?? [];
}

describe('the image a build exported', () => {
  test('is the manifest the exporter wrote, not the longest chain in the provenance', async () => {
    const build = await recorded();
    const image = await locateImage(build.record, build.provenance, blobsOf(build.exported));
    expect(image.from).toBe('manifest');
    expect(image.exported).toBe(true);
    expect(image.complete).toBe(true);
    expect(image.layers.map((l) => l.descriptor.digest)).toEqual(manifestLayers(build));
    // The build stage's chain is longer and is not the image.
    expect(longestChain(build).length).toBeGreaterThan(image.layers.length);
    expect(image.layers.map((l) => l.descriptor.digest)).not.toEqual(longestChain(build));
  });

  test('its base layers are the final FROM image, and the last layer is the COPY --from step', async () => {
    const build = await recorded();
    const image = await locateImage(build.record, build.provenance, blobsOf(build.exported));
    const last = image.layers[image.layers.length - 1];
    expect(image.layers.slice(0, -1).every((l) => l.base)).toBe(true);
    expect(last?.base).toBe(false);
    expect(build.provenance.steps.get(last?.step ?? '')?.kind).toBe('file');
  });

  test('without the manifest, the final step chain of the definition gives the same layers', async () => {
    const build = await recorded();
    const chain = finalChain(build.provenance);
    expect(chain.complete).toBe(true);
    expect(chain.layers.map((d) => d.digest)).toEqual(manifestLayers(build));
    const image = await locateImage(build.record, build.provenance, undefined);
    expect(image.from).toBe('final-chain');
    expect(image.layers.map((l) => l.descriptor.digest)).toEqual(manifestLayers(build));
  });

  test('a manifest that cannot be read falls back to the final chain and says why', async () => {
    const build = await recorded();
    const image = await locateImage(build.record, build.provenance, blobsOf(new Map()));
    expect(image.from).toBe('final-chain');
    expect(image.problem).toMatch(/the exported image's manifest could not be read \(.*not found\)/);
    expect(image.layers.map((l) => l.descriptor.digest)).toEqual(manifestLayers(build));
  });

  test('a record with no exporter, no response and no result exported nothing', async () => {
    const build = await recorded();
    expect(exportedAnything(build.record)).toBe(true);
    const bare: HistoryRecord = { ...build.record, exporters: [], exporterResponse: {}, results: {} };
    delete bare.result;
    expect(exportedAnything(bare)).toBe(false);
  });
});

describe('a multi-platform export', () => {
  test("names every platform's image with its size and layers, and describes the provenance's platform in full", async () => {
    const build = await loadRecorded('multi-platform-exported');
    if (!build.provenance) throw new Error('fixture without provenance');
    const image = await locateImage(build.record, build.provenance, blobsOf(build.exported));
    expect(image.from).toBe('manifest');
    expect(image.platforms?.map((p) => p.platform).sort()).toEqual(['linux/amd64', 'linux/arm64']);
    for (const p of image.platforms ?? []) expect(p.layers).toBe(2);
    const own = image.platforms?.find((p) => p.platform === build.provenance?.platform);
    expect(own?.manifest).toBe(image.manifest);
    expect(own?.size).toBe(image.layers.reduce((n, l) => n + l.descriptor.size, 0));
  });
});
