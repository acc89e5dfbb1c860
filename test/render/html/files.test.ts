import { describe, expect, test } from 'vitest';
import type { LayerIndex } from '../../../src/layers/analyze-layer.js';
import { layerFileTrees } from '../../../src/layers/file-trees.js';
import type { ImageFileTrees } from '../../../src/model/file-tree.js';
import { renderHtml } from '../../../src/render/html/index.js';
import { tagsWithTestId } from './html-markup.js';
import { sampleReport } from './report-fixture.js';

// The file browser's frame as the renderer writes it; the trees themselves
// are drawn by the page's script, which e2e/html.test.ts runs in Chromium.

const DATA_OPEN = '<script type="application/json" id="buildlens-files">';

function index(files: Record<string, number>, deletions: string[] = []): LayerIndex {
  return { files: new Map(Object.entries(files)), dirs: new Set(), deletions, opaqueDirs: [] };
}

// Trees for the sample report's two layers (digests sha256:b1, sha256:o1).
function sampleTrees(name = 'app.js'): ImageFileTrees {
  return layerFileTrees(
    [index({ 'bin/sh': 900, 'tmp/big': 100_000 }), index({ [`app/${name}`]: 20 }, ['tmp/big'])],
    ['sha256:b1', 'sha256:o1'],
  );
}

function embeddedTrees(html: string): unknown {
  const start = html.indexOf(DATA_OPEN);
  expect(start).toBeGreaterThanOrEqual(0);
  const body = html.slice(start + DATA_OPEN.length);
  return JSON.parse(body.slice(0, body.indexOf('</script>')));
}

describe('the file browser section', () => {
  test('has the controls, one closed layer per image layer, and the trees as JSON that parses back', () => {
    const trees = sampleTrees();
    const html = renderHtml(sampleReport(), { fileTrees: trees });
    expect(tagsWithTestId(html, 'files')).toHaveLength(1);
    expect(tagsWithTestId(html, 'file-filter')).toHaveLength(1);
    expect(html).toMatch(/<input type="radio" name="fb-view" value="changes" checked data-testid="file-view-changes">/);
    expect(tagsWithTestId(html, 'file-view-merged')).toHaveLength(1);
    const layers = tagsWithTestId(html, 'file-layer');
    expect(layers.map((l) => [l['data-layer'], l['data-line']])).toEqual([
      ['0', '11'],
      ['1', '12'],
    ]);
    expect(layers.every((l) => !('open' in l))).toBe(true);
    expect(embeddedTrees(html)).toEqual(trees);
    expect(html).toContain('Every entry of every layer is in this page.');
    // The page's own script elements: the report, the trees, the script.
    expect(html.match(/<script\b/g)).toHaveLength(3);
  });

  test('a file name that spells markup stays inside the JSON block', () => {
    const name = '<script>alert(1)<!--<img src=x onerror=alert(1)>';
    const html = renderHtml(sampleReport(), { fileTrees: sampleTrees(name) });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>alert');
    expect(html.match(/<script\b/g)).toHaveLength(3);
    expect(JSON.stringify(embeddedTrees(html))).toContain(JSON.stringify(name));
  });

  test('says the trees were aggregated when the bounds left entries out', () => {
    const files: Record<string, number> = {};
    for (let i = 0; i < 300; i++) files[`many/f${i}`] = i;
    const trees = layerFileTrees([index(files), index({})], ['sha256:b1', 'sha256:o1'], { perDirectory: 20 });
    const html = renderHtml(sampleReport(), { fileTrees: trees });
    expect(tagsWithTestId(html, 'file-bounds')).toHaveLength(1);
    expect(html).toMatch(/Aggregated to keep this page small: \d+ of 903 entries are in it\. Each directory lists its 20 largest entries/);
  });

  test('without trees (a report read back from report.json) says why there is no file list', () => {
    const html = renderHtml(sampleReport());
    expect(tagsWithTestId(html, 'files')).toHaveLength(1);
    expect(html).toContain('No file lists in this page');
    expect(tagsWithTestId(html, 'file-layer')).toHaveLength(0);
    expect(html).not.toContain(DATA_OPEN);
  });

  test('trees of other layers than the report describes are not shown', () => {
    const trees = layerFileTrees([index({ a: 1 }), index({ b: 2 })], ['sha256:other', 'sha256:o1']);
    const html = renderHtml(sampleReport(), { fileTrees: trees });
    expect(html).toContain('No file lists in this page');
    expect(html).not.toContain(DATA_OPEN);
  });

  test('a report without image layers has no file browser', () => {
    const report = sampleReport();
    delete report.image;
    expect(tagsWithTestId(renderHtml(report, { fileTrees: sampleTrees() }), 'files')).toHaveLength(0);
  });
});
