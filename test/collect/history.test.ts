import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import type { HistoryRecord } from '../../src/buildkit/types.js';
import { collectHistory, provenanceDescriptor } from '../../src/collect/history.js';
import { loadRecorded } from '../support/fixtures.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/cached-rebuild/${name}`, import.meta.url));

// A logs blob that does not end until `release` resolves (or a second passes).
function heldLogs(logs: Buffer, release: Promise<unknown>): Readable {
  return Readable.from((async function* () {
    yield logs.subarray(0, 100);
    await Promise.race([release, new Promise((resolve) => setTimeout(resolve, 1000))]);
    yield logs.subarray(100);
  })());
}

describe('collectHistory', () => {
  test('the provenance is read and handed on while the logs still replay', async () => {
    const { record } = await loadRecorded('cached-rebuild');
    const provenance = provenanceDescriptor(record);
    let handedOn!: () => void;
    const handed = new Promise<void>((resolve) => (handedOn = resolve));
    let logsEnded = false;
    let logsEndedAtHandOn: boolean | undefined;
    const client = {
      getRecord: async (): Promise<HistoryRecord> => record,
      readBlob: (digest: string): Readable => {
        if (digest === record.logs?.digest) {
          const stream = heldLogs(fixture('logs.bin'), handed);
          stream.on('end', () => (logsEnded = true));
          return stream;
        }
        if (digest === provenance?.digest) return Readable.from([fixture('provenance.json')]);
        throw new Error(`unexpected blob ${digest}`);
      },
    };
    const facts = await collectHistory(client, record.ref, {
      onProvenance: (parsed, forRecord) => {
        logsEndedAtHandOn = logsEnded;
        expect(forRecord).toBe(record);
        expect(parsed.stepLayers.size).toBeGreaterThan(0);
        handedOn();
      },
    });
    expect(logsEndedAtHandOn).toBe(false);
    expect(facts.provenance?.stepLayers.size).toBeGreaterThan(0);
    expect(facts.progress.vertexes.size).toBeGreaterThan(0);
    expect(facts.notes).toEqual([]);
  });

  test('when both fail, the logs note still comes before the provenance note', async () => {
    const { record } = await loadRecorded('cached-rebuild');
    const client = {
      getRecord: async (): Promise<HistoryRecord> => record,
      readBlob: (digest: string): Readable => {
        if (digest === record.logs?.digest) {
          // Slower than the provenance read, which fails at once.
          return Readable.from((async function* () {
            await new Promise((resolve) => setTimeout(resolve, 30));
            yield Buffer.from([1, 2]);
          })());
        }
        return Readable.from([Buffer.from('{ not json')]);
      },
    };
    const facts = await collectHistory(client, record.ref);
    expect(facts.notes.map((n) => n.topic)).toEqual(['logs', 'provenance']);
    expect(facts.notes[1]?.message).toMatch(/could not read the build's provenance/);
  });
});
