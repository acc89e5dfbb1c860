import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { makeContext, readReport, runCli, type CliResult } from './support/index.js';

// Canceled is not failed: two stages build in parallel, one fails while the
// other still runs, and BuildKit cancels the running one. Every output must
// say the failing step failed and the other was canceled, and none may call
// the canceled step an error.

const nonce = Date.now();
const DOCKERFILE = `FROM buildlens-fixture/busybox:1 AS slow
RUN echo "slow starts" && sleep 5 && echo slow-${nonce} > /slow

FROM buildlens-fixture/busybox:1 AS broken
COPY note.txt /note.txt
RUN echo broken-${nonce} && exit 3

# the final stage takes both
FROM buildlens-fixture/busybox:1
COPY --from=slow /slow /slow
COPY --from=broken /note.txt /b
`;
const SLOW = 2;
const BROKEN = 6;
const COMMENT = 8;

let result: CliResult;
let out: string;
const read = (file: string) => readFileSync(join(out, file), 'utf8');

beforeAll(async () => {
  const context = makeContext({ Dockerfile: DOCKERFILE, 'note.txt': `note ${nonce}` });
  out = join(context, 'out');
  result = await runCli(['build', '--report-dir', out, '--report-format', 'json,md,sarif,html,gitlab', context]);
});

describe('a step BuildKit canceled because a parallel stage failed', () => {
  test('report.json marks it canceled with no error, and the build failed at the failing step', () => {
    expect(result.exitCode, result.stderr).toBe(1);
    const report = readReport(out);
    const slow = report.steps.find((s: any) => s.line === SLOW);
    const broken = report.steps.find((s: any) => s.line === BROKEN);
    expect(slow.canceled).toBe(true);
    expect(slow.error).toBeUndefined();
    expect(broken.error).toMatch(/exit code: 3$/);
    expect(broken.canceled).toBeUndefined();
    expect(report.build.status).toBe('failed');
    expect(report.build.error.line).toBe(BROKEN);
    expect(report.dockerfileLines[COMMENT - 1]).toBe('# the final stage takes both');
  });

  test('the terminal summary says it was canceled and failed only at the failing line', () => {
    expect(result.stderr).toContain(`failed at line ${BROKEN}:`);
    expect(result.stderr).toMatch(new RegExp(`canceled at line ${SLOW}: RUN echo "slow starts" .* \\(did not fail\\)`));
    expect(result.stderr).not.toContain(`failed at line ${SLOW}`);
    expect(result.stderr).not.toMatch(/context canceled/);
  });

  test('report.md lists it as canceled, not as the failure', () => {
    const md = read('report.md');
    expect(md).toMatch(new RegExp(`\\*\\*Canceled\\*\\* \\(stopped by BuildKit, not failed\\): line ${SLOW} \``));
    expect(md).toContain(`**Failed at line ${BROKEN}:**`);
    expect(md).not.toMatch(/context canceled/);
  });

  test('report.html paints it canceled, not failed, and shows the comment line as the file has it', () => {
    const html = read('report.html');
    // The row of a Dockerfile line, from its opening tag to its end.
    const row = (line: number) => {
      const at = html.search(new RegExp(`<div[^>]*id="L${line}"`));
      return at < 0 ? '' : html.slice(at, html.indexOf('</div>', at));
    };
    expect(row(SLOW)).toContain('df-status canceled');
    expect(row(SLOW)).not.toMatch(/df-(status|line) failed/);
    expect(row(BROKEN)).toContain('df-status failed');
    expect(html).toMatch(new RegExp(`class="tl-row canceled[^"]*"[^>]*data-line="${SLOW}"`));
    expect(html).toMatch(new RegExp(`class="tl-row failed[^"]*"[^>]*data-line="${BROKEN}"`));
    expect(row(COMMENT)).toContain('class="df-line comment"');
    expect(row(COMMENT)).toContain('# the final stage takes both');
    expect(html).not.toContain('not in the report');
  });

  test('SARIF and GitLab Code Quality report no error at its line', () => {
    const sarif = JSON.parse(read('report.sarif'));
    const results = sarif.runs[0].results as Array<{ level: string; message: { text: string }; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }>;
    expect(results.filter((r) => r.locations[0]?.physicalLocation.region.startLine === SLOW)).toEqual([]);
    expect(results.some((r) => /cancel/i.test(r.message.text))).toBe(false);
    const gitlab = JSON.parse(read('gl-code-quality-report.json')) as Array<{ description: string; location: { lines: { begin: number } } }>;
    expect(gitlab.filter((i) => i.location.lines.begin === SLOW)).toEqual([]);
    expect(gitlab.some((i) => /cancel/i.test(i.description))).toBe(false);
  });
});
