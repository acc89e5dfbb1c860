import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';

// action.yml against what it calls: the inputs it references are declared,
// the steps it reads outputs of exist, each script subcommand and INPUT_
// variable it passes is one scripts/github-action.sh handles.

const root = new URL('../../', import.meta.url);
const text = readFileSync(new URL('action.yml', root), 'utf8');
const script = readFileSync(fileURLToPath(new URL('scripts/github-action.sh', root)), 'utf8');

const stepSchema = z.object({
  name: z.string(),
  id: z.string().optional(),
  if: z.string().optional(),
  uses: z.string().optional(),
  shell: z.string().optional(),
  run: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
  with: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
const actionSchema = z.object({
  name: z.string(),
  description: z.string(),
  inputs: z.record(z.string(), z.object({ description: z.string(), default: z.string().optional() })),
  outputs: z.record(z.string(), z.object({ description: z.string(), value: z.string() })),
  runs: z.object({ using: z.literal('composite'), steps: z.array(stepSchema) }),
});
const action = actionSchema.parse(parse(text));
const steps = action.runs.steps;

describe('action.yml', () => {
  test('every input it references is declared, and every declared input is used', () => {
    const referenced = new Set([...text.matchAll(/\binputs\.([a-z-]+)/g)].map((m) => m[1]));
    expect([...referenced].sort()).toEqual(Object.keys(action.inputs).sort());
  });

  test('outputs come from steps that exist', () => {
    const ids = new Set(steps.map((s) => s.id).filter(Boolean));
    for (const m of text.matchAll(/\bsteps\.([a-z-]+)\.outputs\.([a-z-]+)/g)) expect(ids.has(m[1] ?? '')).toBe(true);
  });

  test('each script step runs a subcommand the script has, with INPUT_ variables the script reads', () => {
    const runSteps = steps.filter((s) => s.run?.includes('github-action.sh'));
    expect(runSteps.map((s) => /github-action\.sh" (\S+)/.exec(s.run ?? '')?.[1])).toEqual(['install', 'restore-baseline', 'build']);
    for (const step of runSteps) {
      const command = /github-action\.sh" (\S+)/.exec(step.run ?? '')?.[1] ?? '';
      expect(script).toContain(`  ${command}) `);
      for (const name of Object.keys(step.env ?? {}))
        if (name.startsWith('INPUT_') || name === 'BASELINE') expect(script).toContain(`\${${name}`);
    }
  });

  test('the report is uploaded and the action exits as the build did, even when it failed', () => {
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload).toMatchObject({ if: 'always()', with: { name: '${{ inputs.artifact-name }}', path: '${{ inputs.report-dir }}' } });
    expect(steps.at(-1)).toMatchObject({ if: 'always()', env: { EXIT_CODE: '${{ steps.build.outputs.exit-code }}' } });
    for (const step of steps.filter((s) => s.uses)) expect(step.uses).toMatch(/^actions\/[a-z-]+@v\d+$/);
  });
});
