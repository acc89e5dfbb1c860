import { beforeAll, describe, expect, test } from 'vitest';
import { parseErrorDetails } from '../../src/collect/error-details.js';
import { assembleBuild } from '../../src/assemble/assemble.js';
import { makeRedactor } from '../../src/core/redact.js';
import type { Report } from '../../src/model/report.js';
import { githubAnnotations } from '../../src/render/annotations.js';
import { renderGitlabCodeQuality } from '../../src/render/gitlab.js';
import { renderHtml } from '../../src/render/html/index.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderSarif } from '../../src/render/sarif.js';
import { renderTerminal } from '../../src/render/terminal.js';
import { loadRecorded } from '../support/fixtures.js';
import { chunkFor, tagsWithTestId } from './html/html-markup.js';

// A recorded build in which one stage failed and BuildKit canceled the other
// one still running: every format calls the failure a failure and the
// canceled step canceled, and none reports the canceled step as an error.

let report: Report;
let slowLine: number;
let brokenLine: number;
let commentLine: number;

beforeAll(async () => {
  const recorded = await loadRecorded('canceled-sibling');
  const lines = recorded.dockerfile.split('\n');
  slowLine = lines.findIndex((l) => l.includes('sleep 5')) + 1;
  brokenLine = lines.findIndex((l) => l.includes('exit 3')) + 1;
  commentLine = lines.findIndex((l) => l.startsWith('#')) + 1;
  report = assembleBuild({
    builder: { name: 'default', driver: 'docker' },
    ref: recorded.record.ref,
    dockerfilePath: 'Dockerfile',
    platforms: [],
    exitCode: 1,
    record: recorded.record,
    vertexes: recorded.progress.vertexes,
    ...(recorded.record.error ? { errorFacts: parseErrorDetails(recorded.record.error) } : {}),
    redact: makeRedactor([]),
    toolVersion: 'test',
  }).report;
});

describe('a step canceled because a parallel stage failed', () => {
  test('the terminal summary says where the build failed, and that the other step was canceled and did not fail', () => {
    const text = renderTerminal(report);
    expect(text).toContain(`failed at line ${brokenLine}:`);
    expect(text).toMatch(new RegExp(`canceled at line ${slowLine}: RUN .*sleep 5.* \\(did not fail\\)`));
    expect(text).not.toContain(`failed at line ${slowLine}`);
    expect(text).not.toContain('context canceled');
  });

  test('report.md lists it under canceled, apart from the failure', () => {
    const md = renderMarkdown(report);
    expect(md).toContain(`**Failed at line ${brokenLine}:**`);
    expect(md).toMatch(new RegExp(`\\*\\*Canceled\\*\\* \\(stopped by BuildKit, not failed\\): line ${slowLine} \``));
    expect(md).not.toContain('context canceled');
  });

  test('the HTML report paints it canceled in the timeline and the Dockerfile, the failing step failed', () => {
    const html = renderHtml(report);
    const bars = tagsWithTestId(html, 'timeline-bar');
    expect(bars.find((b) => b['data-line'] === String(slowLine))?.['data-state']).toBe('canceled');
    expect(bars.find((b) => b['data-line'] === String(brokenLine))?.['data-state']).toBe('failed');
    expect(chunkFor(html, 'dockerfile-line', slowLine)).toContain('df-status canceled');
    expect(chunkFor(html, 'dockerfile-line', slowLine)).not.toMatch(/df-(status|line) failed/);
    expect(chunkFor(html, 'dockerfile-line', brokenLine)).toContain('df-status failed');
  });

  test('the HTML report shows the comment line as written, and calls no line "not in the report"', () => {
    const html = renderHtml(report);
    expect(chunkFor(html, 'dockerfile-line', commentLine)).toContain('class="df-line comment"');
    expect(chunkFor(html, 'dockerfile-line', commentLine)).toContain('# the final stage takes both');
    expect(html).not.toContain('not in the report');
  });

  test('SARIF, GitLab Code Quality and GitHub annotations report no error at its line', () => {
    const sarif = JSON.parse(renderSarif(report)) as { runs: Array<{ results: Array<{ level: string; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }> }> };
    expect(sarif.runs[0]?.results.filter((r) => r.locations[0]?.physicalLocation.region.startLine === slowLine)).toEqual([]);
    const gitlab = JSON.parse(renderGitlabCodeQuality(report, 'Dockerfile')) as Array<{ location: { lines: { begin: number } } }>;
    expect(gitlab.filter((i) => i.location.lines.begin === slowLine)).toEqual([]);
    const annotations = githubAnnotations(report, 'Dockerfile').split('\n').filter((l) => l.startsWith('::error'));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toContain(`line=${brokenLine},`);
  });
});
