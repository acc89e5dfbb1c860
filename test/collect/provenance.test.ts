import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import type { HistoryRecord } from '../../src/buildkit/types.js';
import { collectHistory, provenanceDescriptor } from '../../src/collect/history.js';
import { parseProvenance, type ProvenanceFacts } from '../../src/collect/provenance.js';
import { ProvenanceShapeError } from '../../src/collect/provenance-shapes.js';
import { assembleBuild } from '../../src/assemble/assemble.js';
import { makeRedactor } from '../../src/core/redact.js';
import { fixtureText, loadRecorded } from '../support/fixtures.js';

// Both recorded from BuildKit v0.26.3, from the same Dockerfile: the default
// SLSA v0.2 history provenance, and SLSA v1 (BUILDKIT_HISTORY_PROVENANCE_V1=1).
const V02 = 'v0.26-cache-from';
const V1 = 'v0.26-provenance-v1';

const provenanceJson = (name: string): unknown => JSON.parse(fixtureText(`${name}/provenance.json`));

// Every Dockerfile line range the provenance ties a step to, sorted.
function lineRanges(facts: ProvenanceFacts): string[] {
  return [...facts.stepLocations.values()].flat().map((r) => `${r.line}-${r.endLine}`).sort();
}

describe('SLSA v1 history provenance', () => {
  test('the recorded v1 provenance really is v1: no v0.2 fields at its top', () => {
    const json = provenanceJson(V1) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['buildDefinition', 'runDetails']);
  });

  test('gives the Dockerfile, the step of every vertex, lines, layers and base images', () => {
    const facts = parseProvenance(provenanceJson(V1));
    expect(facts.dockerfile?.text).toBe(fixtureText(`${V1}/Dockerfile`));
    expect(facts.digestToStep.size).toBeGreaterThan(5);
    for (const step of facts.digestToStep.values()) expect(facts.steps.has(step)).toBe(true);
    expect(facts.stepLocations.size).toBeGreaterThan(5);
    expect(facts.stepLayers.size).toBeGreaterThan(0);
    expect([...facts.steps.values()].some((s) => s.identifier?.startsWith('docker-image://'))).toBe(true);
    expect(facts.materials[0]?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(facts.platform).toBe('linux/amd64');
  });

  test('keeps build-arg names and never their values', () => {
    const facts = parseProvenance(provenanceJson(V1));
    expect(facts.buildArgNames.sort()).toEqual(['BUILDKIT_HISTORY_PROVENANCE_V1', 'GREETING']);
    expect(JSON.stringify([...facts.steps.values()])).not.toMatch(/REDACTED|recorded-secret-value/);
  });

  test('ties the same lines to steps as v0.2 does for the same Dockerfile', () => {
    expect(lineRanges(parseProvenance(provenanceJson(V1)))).toEqual(lineRanges(parseProvenance(provenanceJson(V02))));
  });

  test('a report from it names steps by their LLB ids and puts each on its line', async () => {
    const recorded = await loadRecorded(V1);
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
    const lines = recorded.dockerfile.split('\n');
    expect(report.steps.length).toBeGreaterThan(5);
    for (const step of report.steps) {
      expect(step.id).not.toMatch(/^vertex-/);
      expect(step.instruction.split('\n')[0]).toBe(lines[step.line - 1]?.trim());
    }
  });
});

describe('provenance in an unknown form', () => {
  // A form BuildKit might write one day: v1's content under keys of its own.
  const unknownForm = () => {
    const v1 = provenanceJson(V1) as { buildDefinition: unknown; runDetails: unknown };
    return { predicateType: 'https://slsa.dev/provenance/v9', predicate: { definition: v1.buildDefinition, details: v1.runDetails } };
  };

  test('is an error that names its type and keys, not empty facts', () => {
    expect(() => parseProvenance(unknownForm())).toThrow(ProvenanceShapeError);
    expect(() => parseProvenance(unknownForm())).toThrow(/unknown form \(predicate type https:\/\/slsa.dev\/provenance\/v9, top-level keys: definition, details\)/);
  });

  test('becomes a note of the collected history', async () => {
    const { record } = await loadRecorded(V1);
    const descriptor = provenanceDescriptor(record);
    expect(descriptor).toBeDefined();
    const client = {
      getRecord: async (): Promise<HistoryRecord> => record,
      readBlob: (digest: string): Readable => {
        if (digest === record.logs?.digest) return Readable.from([readFileSync(new URL(`../fixtures/${V1}/logs.bin`, import.meta.url))]);
        return Readable.from([Buffer.from(JSON.stringify(unknownForm()))]);
      },
    };
    const facts = await collectHistory(client, record.ref);
    expect(facts.provenance).toBeUndefined();
    expect(facts.notes).toEqual([{ topic: 'provenance', message: expect.stringMatching(/could not read the build's provenance: provenance in an unknown form/) }]);
  });
});
