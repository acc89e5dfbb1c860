import { describe, expect, test } from 'vitest';
import { renderHtml } from '../../src/render/html/index.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderTerminal } from '../../src/render/terminal.js';
import { assembledRecorded } from '../support/fixtures.js';
import { chunkFor, tagsWithTestId } from './html/html-markup.js';

// The recorded multi-stage build (test/fixtures/multi-stage): its `deps` and
// `build` stages are builder stages (the final image is stage-2, FROM busybox),
// so their steps have no layer in the image. Each per-step view says so where
// a size would go, instead of leaving it empty. The deps stage ran (lines 3
// and 4); the rest was cached.

const recordedReport = () => assembledRecorded('multi-stage');

describe('steps of builder stages are labelled "not in the final image"', () => {
  test('in the terminal, among the slowest steps', async () => {
    const rows = renderTerminal(await recordedReport()).split('\n');
    const line4 = rows.find((r) => /^\s+\S+\s+line 4\s/.test(r));
    expect(line4).toMatch(/RUN echo installing > deps\.txt \((critical path, )?not in the final image\)$/);
  });

  test('in report.md, in the layer column of the slowest steps', async () => {
    const md = renderMarkdown(await recordedReport());
    const row = md.split('\n').find((r) => r.includes('| line 4 |'));
    expect(row).toMatch(/\| `RUN echo installing > deps\.txt` \| not in the final image \|$/);
  });

  test("in report.html, in the Dockerfile view's layer column of each builder-stage line, and of no final-stage line", async () => {
    const html = renderHtml(await recordedReport());
    for (const line of [3, 4, 8, 10]) expect(chunkFor(html, 'dockerfile-line', line)).toContain('data-testid="not-in-image"');
    for (const line of [15, 17]) expect(chunkFor(html, 'dockerfile-line', line)).not.toContain('not in the final image');
    expect(tagsWithTestId(html, 'not-in-image').length).toBeGreaterThanOrEqual(8);
  });
});
