import { describe, expect, test } from 'vitest';
import { groupByLine } from '../../src/render/terminal-findings.js';
import { renderOneLine, renderTerminal } from '../../src/render/terminal.js';
import { fixtureReport } from './fixture.js';

// The after-build summary: what a user reads in their terminal or CI log.

const ESC = '\u001b[';

describe('the terminal summary', () => {
  const report = fixtureReport();
  const plain = renderTerminal(report, { width: 100 });
  const rows = plain.split('\n');

  test('says the status, the total time and the cache hits out of the steps', () => {
    expect(rows[0]).toBe('buildlens: build succeeded in 1m 07s · Dockerfile · ref testref');
    expect(rows[1]).toBe('  cache: 1/9 steps cached (11%)');
  });

  test('lists the slowest steps, slowest first, with their line and instruction', () => {
    const slow = rows.slice(rows.indexOf('  slowest steps:') + 1, rows.indexOf('  slowest steps:') + 3);
    expect(slow).toEqual(['       42.0s  line 8       RUN npm ci', '       21.0s  line 3       RUN apt-get update && apt-get install -y curl']);
  });

  test('gives the image size, waste and efficiency, then layers largest first with their lines', () => {
    const at = rows.findIndex((r) => r.startsWith('  image: '));
    expect(rows[at]).toContain('wasted 4.19 MB');
    expect(rows[at]).toContain('efficiency 99.1%');
    expect(rows.slice(at + 2, at + 5).map((r) => r.trim().replace(/\s+/g, ' '))).toEqual(['346 MB line 1 base image', '62.9 MB line 3 RUN apt-get update && apt-get install -y curl', '41.9 MB line 8 RUN npm ci']);
  });

  test('names the root cache miss and what re-running cost, in two lines', () => {
    const at = rows.findIndex((r) => r.startsWith('  cache: line 7'));
    expect(rows[at]).toBe('  cache: line 7 `COPY . .` missed: src/server.js (modified) changed');
    expect(rows[at + 1]).toContain('1 later step(s) re-ran as a result: 42.5s spent re-running cached steps');
  });

  test('groups findings under their line, errors first, then by savings; the total adds disjoint bytes once', () => {
    const at = rows.findIndex((r) => r.startsWith('  findings: '));
    // line 3: 21 MB of apt lists + 8.39 MB of docs; line 4: 4.19 MB; total 33.5 MB (= 32 MiB). Time: 42 s for the install once.
    expect(rows[at]).toBe('  findings: 11 · fixing them saves up to 33.6 MB and 42.0s (buildlens explain BL0xx tells how)');
    const heads = rows.slice(at + 1).filter((r) => /^ {4}line/.test(r)).map((r) => r.trim().split(/\s{2,}/)[0]);
    expect(heads).toEqual(['line 2', 'line 3', 'line 4', 'line 7', 'line 1', 'line 8']);
    expect(rows.find((r) => r.startsWith('    line 3 '))).toMatch(/saves 29\.4 MB$/);
    const line3 = rows.slice(rows.findIndex((r) => r.startsWith('    line 3 ')) + 1, rows.findIndex((r) => r.startsWith('    line 4 ')));
    const findingRows = line3.filter((r) => /^ {6}\S/.test(r));
    expect(findingRows.map((r) => r.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual(['warning BL002', 'warning BL012', 'warning BL003', 'info BL013', 'info BL014']);
    // A message longer than the width wraps under its rule: the advice at its end is kept.
    expect(line3.filter((r) => /^ {16}\S/.test(r)).length).toBeGreaterThan(0);
  });

  test('nothing is cut: without a width every message is whole on one line, with one it wraps to the same words', () => {
    const whole = renderTerminal(report);
    const wrapped = renderTerminal(report, { width: 60 });
    for (const f of report.findings) expect(whole).toContain(f.message.split('\n')[0]);
    const words = (text: string) => text.replace(/\s+/g, ' ').trim();
    for (const f of report.findings) expect(words(wrapped)).toContain(words(f.message.split('\n')[0] ?? '').split(' ').slice(-4).join(' '));
    expect(whole).not.toContain('…');
  });

  test('has no escape codes without colour, and colours severities when asked', () => {
    expect(plain).not.toContain(ESC);
    const coloured = renderTerminal(report, { width: 100, color: true });
    expect(coloured).toContain(`${ESC}31merror  ${ESC}0m BL009`);
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });

  test('no line is wider than the width asked for', () => {
    for (const width of [40, 60, 80]) {
      const out = renderTerminal(report, { width }).trimEnd().split('\n');
      expect(out.filter((r) => [...r].length > width)).toEqual([]);
    }
  });

  test('without findings, image or cache misses those sections are left out', () => {
    const bare = { ...report, findings: [], cacheMisses: [], image: undefined };
    const out = renderTerminal(bare);
    expect(out).not.toContain('findings:');
    expect(out).not.toContain('image:');
    expect(out).not.toContain('missed');
  });

  test('a failed build shows the failing line and the end of its log', () => {
    const failed = { ...report, build: { ...report.build, status: 'failed' as const, exitCode: 1, error: { message: 'process "/bin/sh -c npm ci" did not complete successfully: exit code: 1', line: 8, endLine: 8, logTail: ['npm ERR! code E404'] } } };
    const out = renderTerminal(failed);
    expect(out).toContain('  failed at line 8: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1');
    expect(out).toContain('    | npm ERR! code E404');
  });
});

describe('groupByLine', () => {
  test('a line holding an error comes before a line with more savings, and the savings of a line are its disjoint bytes summed', () => {
    const groups = groupByLine(fixtureReport().findings);
    expect(groups.map((g) => [g.line, g.severity])).toEqual([[2, 'error'], [3, 'warning'], [4, 'warning'], [7, 'warning'], [1, 'info'], [8, 'info']]);
    expect(groups[1]).toMatchObject({ line: 3, savingsBytes: 28 * 1024 * 1024 });
    expect(groups[3]).toMatchObject({ line: 7, savingsMs: 42_000 });
  });
});

describe('the one-line summary (-q)', () => {
  test('is one line with the status, cache, image and findings', () => {
    const line = renderOneLine(fixtureReport());
    expect(line.endsWith('\n')).toBe(true);
    expect(line.trimEnd().split('\n')).toHaveLength(1);
    expect(line).toMatch(/^buildlens: build succeeded in 1m 07s · 1\/9 cached · image \S+ MB · 11 finding\(s\) · ref testref\n$/);
  });
});

describe('words for a failed build', () => {
  test('a build that failed before any step ran: no "0/0 cached (100%)", and no "failed at failed to …"', () => {
    const report = fixtureReport();
    report.build.status = 'failed';
    report.build.error = { message: 'failed to read dockerfile: open Dockerfile: no such file or directory', logTail: [] };
    report.cache = { steps: 0, cached: 0, ratio: 1 };
    const rows = renderTerminal(report).split('\n');
    expect(rows[0]).toMatch(/^buildlens: build failed in /);
    expect(rows[1]).toBe('  cache: no Dockerfile step ran');
    expect(rows[2]).toBe('  error: failed to read dockerfile: open Dockerfile: no such file or directory');
  });
});

describe('time that adds up', () => {
  test("BuildKit's own slow work (exporting the image) is among the slowest steps", () => {
    const report = fixtureReport();
    report.internalSteps = [
      { kind: 'export', name: 'exporting to image', cached: false, durationMs: 60_000 },
      { kind: 'context', name: '[internal] load build context', cached: false, durationMs: 200 },
    ];
    const rows = renderTerminal(report).split('\n');
    const at = rows.indexOf('  slowest steps:');
    expect(rows[at + 1]?.replace(/\s+/g, ' ').trim()).toBe('1m 00s (BuildKit) exporting to image');
    expect(rows.join('\n')).not.toContain('load build context');
  });
});
