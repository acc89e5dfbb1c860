import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { reportFromSource } from '../../src/pipeline/report.js';
import { recordFileSource } from '../../src/sources/record-file.js';
import { refOf } from '../record-file/support.js';

// An exported build record as a report source, through the whole pipeline with no builder.

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/dockerbuild/${name}`, import.meta.url));

describe('recordFileSource', () => {
  test('a .dockerbuild reports its steps with lines and says once that layer contents are missing', async () => {
    const { report } = await reportFromSource(await recordFileSource(fixture('success.dockerbuild')), { measureLayers: false });
    expect(report.source).toEqual({ kind: 'record-file' });
    expect(report.build.status).toBe('success');
    expect(report.steps.length).toBeGreaterThan(2);
    expect(report.steps.every((s) => s.line > 0)).toBe(true);
    expect(report.build.exported).toBe(true);
    expect(report.notes.filter((n) => n.message.startsWith('layer contents are not in an exported build record'))).toHaveLength(1);
  });

  test('FILE#REF picks one record of several', async () => {
    const ref = refOf('edit-after');
    const { report } = await reportFromSource(await recordFileSource(`${fixture('edit-both.dockerbuild')}#${ref}`), { measureLayers: false });
    expect(report.build.ref).toBe(ref);
  });
});
