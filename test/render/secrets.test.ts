import { describe, expect, test } from 'vitest';
import { runRules } from '../analysis/support/build-input.js';
import { reportSchema } from '../../src/model/report.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { redactInstruction } from '../../src/dockerfile/redact-instruction.js';
import { renderSarif } from '../../src/render/sarif.js';
import { renderTerminal } from '../../src/render/terminal.js';
import { renderJson } from '../../src/render/json.js';
import { buildInput, dockerfile } from '../analysis/support/build-input.js';
import { SECRET_VALUE } from './fixture.js';

// Secret values never reach an output: rules get build-arg names only, and a
// default a Dockerfile gives a secret-named ARG is masked wherever an
// instruction is printed.

describe('secret values in outputs', () => {
  const input = buildInput({
    dockerfile: dockerfile('FROM alpine:3.19', `ARG NPM_TOKEN=${SECRET_VALUE}`, 'ARG VERSION=1.2.3', 'RUN apk add --no-cache curl', 'USER nobody'),
    steps: { 2: { durationMs: 9_000 } },
    buildArgNames: ['NPM_TOKEN', 'VERSION'],
  });
  const report = { ...input.report, findings: runRules(input) };

  test('the secret-named ARG is an error naming the argument, its value nowhere in the finding', () => {
    const found = report.findings.filter((f) => f.rule === 'BL009');
    expect(found).toMatchObject([{ line: 2, severity: 'error', evidence: { arg: 'NPM_TOKEN', passedThisBuild: true } }]);
    expect(JSON.stringify(found)).not.toContain(SECRET_VALUE);
  });

  test.each([
    ['terminal', () => renderTerminal(report, { width: 200 })],
    ['markdown', () => renderMarkdown(report)],
    ['sarif', () => renderSarif(report)],
  ])('the %s report shows the ARG step but never its value', (_name, render) => {
    const out = render();
    expect(out).not.toContain(SECRET_VALUE);
  });

  test('the terminal shows the slow ARG step masked, and a harmless ARG as written', () => {
    const out = renderTerminal(report, { width: 200 });
    expect(out).toContain('line 2       ARG NPM_TOKEN=***');
    expect(redactInstruction('ARG VERSION=1.2.3')).toBe('ARG VERSION=1.2.3');
    expect(redactInstruction('ENV A=1 DB_PASSWORD="p w" B=2')).toBe('ENV A=1 DB_PASSWORD=*** B=2');
    expect(redactInstruction(`RUN echo NPM_TOKEN=x`)).toBe('RUN echo NPM_TOKEN=x');
  });

  test('report.json holds the Dockerfile instruction as BuildKit recorded it, but no finding repeats the value', () => {
    const json: unknown = JSON.parse(renderJson(report));
    expect(JSON.stringify(reportSchema().parse(json).findings)).not.toContain(SECRET_VALUE);
  });
});
