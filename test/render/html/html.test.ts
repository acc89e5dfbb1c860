import { describe, expect, test } from 'vitest';
import { renderHtml } from '../../../src/render/html/index.js';
import { chunkFor, tagsWithTestId } from './html-markup.js';
import { sampleReport, step } from './report-fixture.js';
import { assembledRecorded } from '../../support/fixtures.js';

const DATA_OPEN = '<script type="application/json" id="buildlens-report">';

function embeddedJson(html: string): string {
  const start = html.indexOf(DATA_OPEN);
  expect(start).toBeGreaterThanOrEqual(0);
  const body = html.slice(start + DATA_OPEN.length);
  return body.slice(0, body.indexOf('</script>'));
}

describe('the HTML report escapes what comes from the report', () => {
  test('a <script> tag in an instruction is shown as text and never becomes an element', () => {
    const report = sampleReport();
    report.steps.push(step('evil', 'stage-2', 20, `RUN echo "<script>alert('x')</script>" & <img src=x onerror=alert(1)>`, 9500, 9600));
    const html = renderHtml(report);
    expect(html).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
    expect(html).not.toContain("<script>alert('x')");
    expect(html).not.toContain('<img');
    // Only the page's own two script elements exist: the data block and the script.
    expect(html.match(/<script\b/g)).toHaveLength(2);
  });

  test('quotes in a finding message cannot end the title attribute they are shown in', () => {
    const report = sampleReport();
    report.findings[0]!.message = 'x" onmouseover="alert(1)';
    const html = renderHtml(report);
    expect(html).not.toContain('" onmouseover="');
    expect(html).toContain('x&quot; onmouseover=&quot;alert(1)');
  });

  test('the embedded JSON cannot break out of its script tag and parses back to the report', () => {
    const report = sampleReport();
    report.steps[3]!.instruction = 'COPY </script><script>alert(1)</script> <!-- ./src';
    report.notes.push({ topic: 'x', message: '</SCRIPT> & \u2028 <!--' });
    const html = renderHtml(report);
    const json = embeddedJson(html);
    expect(json).not.toMatch(/<\/script|<!--/i);
    expect(JSON.parse(json)).toEqual(report);
  });

  test('the page has no external URL in any src, href, CSS url() or @import, even when the report mentions URLs', () => {
    const report = sampleReport();
    report.steps.push(step('add', 'stage-2', 21, 'ADD https://example.com/tool.tgz /opt/', 9500, 9700));
    report.findings.push({ rule: 'BL011', severity: 'info', line: 21, endLine: 21, message: 'see http://example.com/docs', evidence: { image: 'https://example.com/base', tag: null } });
    const html = renderHtml(report);
    expect(html).toContain('https://example.com/tool.tgz');
    expect(html).not.toMatch(/\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/url\(|@import/i);
    // The CSP meta tag blocks any fetch the markup might still attempt.
    expect(html).toContain('http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;');
  });
});

describe('the timeline', () => {
  test('draws one bar per step with recorded times and none for an untimed step', () => {
    const report = sampleReport();
    const bars = tagsWithTestId(renderHtml(report), 'timeline-bar');
    expect(bars).toHaveLength(report.steps.filter((s) => s.startedAt !== undefined).length);
    expect(bars.map((b) => b['data-line'])).not.toContain('13');
  });

  test('groups bars by stage in stage order and marks cached and critical steps', () => {
    const bars = tagsWithTestId(renderHtml(sampleReport()), 'timeline-bar');
    expect(bars.map((b) => b['data-line'])).toEqual(['1', '2', '5', '8', '12']);
    const byLine = Object.fromEntries(bars.map((b) => [b['data-line'], b]));
    expect(byLine['2']).toMatchObject({ 'data-cached': 'true', 'data-critical': 'true' });
    expect(byLine['8']).toMatchObject({ 'data-cached': 'false', 'data-critical': 'false' });
    expect(byLine['5']?.['title']).toContain('4.0s');
  });

  test('places each bar from its start to its end on the build\'s time axis', () => {
    const html = renderHtml(sampleReport());
    // lines 5-6 ran from 5s to 9s of a 10s build.
    expect(chunkFor(html, 'timeline-bar', 5)).toContain('style="left:50%;width:40%"');
    expect(chunkFor(html, 'timeline-bar', 5)).toContain('lines 5-6');
    expect(chunkFor(html, 'timeline-bar', 1)).toContain('style="left:0%;width:10%"');
  });
});

describe('the layers view', () => {
  test('draws every image layer with its line, marks base layers and sizes bars against the largest', () => {
    const html = renderHtml(sampleReport());
    const layers = tagsWithTestId(html, 'layer-bar');
    expect(layers.map((l) => [l['data-line'], l['data-base']])).toEqual([
      ['11', 'true'],
      ['12', 'false'],
    ]);
    expect(chunkFor(html, 'layer-bar', 11)).toContain('width:100%');
    expect(chunkFor(html, 'layer-bar', 12)).toContain('width:25%');
    expect(chunkFor(html, 'layer-bar', 11)).toContain('base image');
  });

  test('says so when the build measured no image', () => {
    const report = sampleReport();
    delete report.image;
    const html = renderHtml(report);
    expect(tagsWithTestId(html, 'layer-bar')).toHaveLength(0);
    expect(html).toContain('No image layers were measured');
  });
});

describe('the Dockerfile view', () => {
  test('puts the known lines back in order, multi-line instructions included, with gaps marked', () => {
    const html = renderHtml(sampleReport());
    const lines = tagsWithTestId(html, 'dockerfile-line').map((l) => Number(l['data-line']));
    // 11 has no step but a base layer and a finding point at it.
    expect(lines).toEqual([1, 2, 5, 6, 8, 11, 12, 13]);
    expect(chunkFor(html, 'dockerfile-line', 6)).toContain('    make install');
    // Without the file a gap may be comments as well as instructions: it says only that no step ran there.
    expect(html).toContain('lines 3-4: no step');
    expect(html).not.toContain('not in the report');
  });

  test('with the Dockerfile in the report, every line shows as written and a comment is only a comment', () => {
    const report = sampleReport();
    report.dockerfileLines = [
      'FROM buildlens-fixture/busybox:1 AS deps', // 1
      'WORKDIR /app', // 2
      '', // 3
      '# build it', // 4
      'RUN make && \\', // 5
      '    make install', // 6
      'ARG VERSION=1', // 7
      'COPY src ./src', // 8
      '', // 9
      '# ship it', // 10
      'FROM buildlens-fixture/busybox:1', // 11
      'COPY --from=build /out /out', // 12
      'RUN echo untimed', // 13
      '',
    ];
    const html = renderHtml(report);
    expect(tagsWithTestId(html, 'dockerfile-line').map((l) => Number(l['data-line']))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(html).not.toContain('class="df-gap"');
    expect(html).not.toContain('not in the report');
    for (const line of [3, 4, 9, 10]) expect(tagsWithTestId(html, 'dockerfile-line').find((l) => l['data-line'] === String(line))?.class).toBe('df-line comment');
    expect(chunkFor(html, 'dockerfile-line', 10)).toContain('# ship it');
    expect(chunkFor(html, 'dockerfile-line', 10)).not.toContain('df-status muted');
    // An instruction that ran no step shows its text, with no cache state.
    expect(chunkFor(html, 'dockerfile-line', 7)).toContain('ARG VERSION=1');
    expect(chunkFor(html, 'dockerfile-line', 7)).toContain('df-status muted');
    // A line the report points at (a base layer, a finding) without a step of its own: its text from the file.
    expect(chunkFor(html, 'dockerfile-line', 11)).toContain('>FROM buildlens-fixture/busybox:1<');
  });


  test('annotates an instruction with its time, cache state, layer size and finding badges', () => {
    const html = renderHtml(sampleReport());
    const make = chunkFor(html, 'dockerfile-line', 5);
    expect(make).toContain('4.0s');
    expect(make).toContain('>ran<');
    expect(make).toContain('3 MB');
    expect(make).toMatch(/href="#finding-0"[^>]*>BL001</);
    expect(chunkFor(html, 'dockerfile-line', 2)).toContain('>cached<');
    expect(chunkFor(html, 'dockerfile-line', 12)).toContain('1 MB');
  });
});

describe('header, findings, cache misses and notes', () => {
  test('the header shows status, cache x/y, image size, wasted bytes and efficiency', () => {
    const html = renderHtml(sampleReport());
    for (const text of ['success', '10.0s', '1/6', '5 MB', '100 kB', '98.0%']) expect(html).toContain(text);
  });

  test('lists every finding with its rule, line link and savings', () => {
    const html = renderHtml(sampleReport());
    const findings = tagsWithTestId(html, 'finding');
    expect(findings.map((f) => f['data-rule'])).toEqual(['BL001', 'BL010']);
    expect(chunkFor(html, 'finding', 5)).toContain('href="#L5"');
    expect(chunkFor(html, 'finding', 5)).toContain('saves 100 kB');
  });

  test('shows the cache-miss chain only when the report compared with an earlier build', () => {
    const report = sampleReport();
    const html = renderHtml(report);
    expect(tagsWithTestId(html, 'cache-miss')).toHaveLength(2);
    expect(html).toContain('src/a.js (modified) changed');
    expect(html).toContain('ref122');
    delete report.cacheMisses;
    expect(renderHtml(report)).not.toContain('data-testid="cache-misses"');
  });

  test('a failed build shows its error and log tail', () => {
    const report = sampleReport();
    report.build.status = 'failed';
    report.build.error = { message: 'process "/bin/sh -c make" did not complete', line: 5, endLine: 6, logTail: ['make: *** [all] Error 2'] };
    const html = renderHtml(report);
    expect(html).toContain('data-testid="build-error"');
    expect(html).toContain('make: *** [all] Error 2');
    expect(html).toContain('&quot;/bin/sh -c make&quot;');
  });
});

describe('findings as a reader sees them', () => {
  test('`backticks` in a message become code, and byte counts in the evidence read as sizes', () => {
    const report = sampleReport();
    report.findings = [
      { rule: 'BL002', severity: 'warning', line: 1, endLine: 1, message: 'apt lists ship: end the RUN with `rm -rf /var/lib/apt/lists/*`', savingsBytes: 27_461_632, evidence: { caches: [{ category: 'apt-lists', bytes: 27_461_632, paths: ['var/lib/apt/lists'] }] } },
    ];
    const html = renderHtml(report);
    expect(html).toContain('end the RUN with <code>rm -rf /var/lib/apt/lists/*</code>');
    // (a tooltip's title and the embedded report.json keep the text as it is)
    expect(html).toContain('<span class="msg">apt lists ship: end the RUN with <code>');
    expect(html).toContain('27.5 MB (27461632)');
  });
});

describe("the timeline places BuildKit's own steps", () => {
  test('sending the context, resolving the base image and exporting get rows of their own, on the same axis as the steps', async () => {
    const html = renderHtml(await assembledRecorded('multi-stage'));
    const rows = tagsWithTestId(html, 'timeline-internal');
    expect(rows.map((r) => r['data-kind'])).toEqual(expect.arrayContaining(['context', 'metadata', 'export']));
    expect(rows.find((r) => r['data-kind'] === 'export')?.title).toContain('exporting to image');
  });
});
