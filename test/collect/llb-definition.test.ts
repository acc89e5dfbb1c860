import { describe, expect, test } from 'vitest';
import { stepDefinitions } from '../../src/collect/llb-definition.js';
import type { ProvenanceFacts } from '../../src/collect/provenance.js';
import { recordFileSource } from '../../src/sources/record-file.js';
import { exportPath } from '../record-file/support.js';

// Step definitions of the recorded exports: two builds of one project with a
// source edit between them, and a build of the same Dockerfile with a build arg set.

async function provenanceOf(name: string): Promise<ProvenanceFacts> {
  const evidence = await (await recordFileSource(exportPath(`${name}.dockerbuild`))).collect();
  if (!evidence.provenance) throw new Error(`${name}: no provenance`);
  return evidence.provenance;
}

const digests = (p: ProvenanceFacts) => Object.fromEntries([...(p.definitions ?? [])].map(([id, d]) => [id, d.digest]));

describe('stepDefinitions', () => {
  test('a source edit changes no definition, though every vertex digest after the context changed', async () => {
    const [before, after] = [await provenanceOf('edit-before'), await provenanceOf('edit-after')];
    expect(Object.keys(digests(before)).length).toBeGreaterThan(5);
    expect(digests(after)).toEqual(digests(before));
    expect([...before.digestToStep.keys()].sort()).not.toEqual([...after.digestToStep.keys()].sort());
  });

  test('a build arg set differently changes the RUN that inherits it, and no COPY', async () => {
    const [plain, withArg] = [await provenanceOf('edit-after'), await provenanceOf('success')];
    const changed = Object.keys(digests(plain)).filter((id) => digests(plain)[id] !== digests(withArg)[id]);
    // step7 is `RUN echo "$GREETING" ...`; step8 the export that stands on it.
    expect(changed).toEqual(['step7', 'step8']);
  });

  test('the steps that read the build context directly are marked', async () => {
    const definitions = (await provenanceOf('edit-after')).definitions;
    // COPY package.json ./ (step3) and COPY src ./src (step6) read the local context.
    expect([...(definitions ?? [])].filter(([, d]) => d.readsContext).map(([id]) => id)).toEqual(['step3', 'step6']);
  });

  test('a dangling input or a cycle leaves the step undefined rather than wrong', () => {
    const defs = stepDefinitions([
      { id: 'a', op: { Op: { source: { identifier: 'local://context' } } } },
      { id: 'b', op: { Op: { file: {} } }, inputs: ['a:0', 'missing:0'] },
      { id: 'c', op: { Op: { exec: {} } }, inputs: ['d:0'] },
      { id: 'd', op: { Op: { exec: {} } }, inputs: ['c:0'] },
    ]);
    expect([...defs.keys()]).toEqual(['a']);
  });
});
