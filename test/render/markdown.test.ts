import { describe, expect, test } from 'vitest';
import type { Finding } from '../../src/model/report.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { fixtureReport } from './fixture.js';

// report.md, as a GitHub job summary shows it.

describe('the Markdown report', () => {
  const report = fixtureReport();
  const md = renderMarkdown(report);
  const rows = md.split('\n');

  test('opens with the status line: time, cache ratio, image size, waste and efficiency', () => {
    expect(rows[0]).toBe('## ✅ buildlens: Dockerfile');
    expect(rows[2]).toBe('**success** in 1m 07s · cache 1/9 steps (11%) · image 242 MB compressed / 484 MB · wasted 4.19 MB · efficiency 99.1%');
  });

  test('has a findings table, one row per finding with rule, line and savings, and the total without double counting', () => {
    expect(md).toContain('### Findings (11) — fixing them saves up to 33.6 MB and 42.0s');
    const table = rows.filter((r) => /^\| (🔴|🟠|🔵) \|/.test(r));
    expect(table).toHaveLength(11);
    expect(table[0]).toMatch(/^\| 🔴 \| BL009 \| line 2 \| build arg NPM_TOKEN looks like a secret/);
    expect(table.find((r) => r.includes('| BL007 |'))).toMatch(/\| line 7 \| .* \| 42\.0s \|$/);
  });

  test('every table row has as many cells as its header', () => {
    let columns = 0;
    for (const row of rows) {
      if (!row.startsWith('|')) {
        columns = 0;
        continue;
      }
      const cells = row.replace(/\\\|/g, '').split('|').length;
      if (columns === 0) columns = cells;
      expect(cells).toBe(columns);
    }
  });

  test('a pipe inside a message does not break its table row', () => {
    const piped = { ...report, findings: [{ rule: 'BL003', severity: 'warning' as const, line: 3, endLine: 3, message: 'apt-get install | grep', evidence: {} } as Finding] };
    expect(renderMarkdown(piped)).toContain('| 🟠 | BL003 | line 3 | apt-get install \\| grep |  |');
  });

  test('lists cache misses with their cause and the slowest steps with their lines', () => {
    expect(md).toContain('| 7 | `COPY . .` | context-files-changed | src/server.js (modified) changed | 500ms |');
    expect(md).toContain('| 42.0s | line 8 | `RUN npm ci` | 41.9 MB |');
  });
});

describe('time that adds up in report.md', () => {
  test("BuildKit's own work of a second or more is among the slowest steps, as in the terminal", () => {
    const report = fixtureReport();
    report.internalSteps = [
      { kind: 'export', name: 'exporting to image', cached: false, durationMs: 60_000 },
      { kind: 'context', name: '[internal] load build context', cached: false, durationMs: 200 },
    ];
    const md = renderMarkdown(report);
    const table = md.split('\n').filter((r) => /^\| [\d.]+(ms|s|m \d+s) \|/.test(r));
    expect(table[0]).toBe('| 1m 00s | (BuildKit) | `exporting to image` | |');
    expect(md).not.toContain('load build context');
  });
});
