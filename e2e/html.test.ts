import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { reportSchema, type Report } from '../src/model/report.js';
import { renderHtml } from '../src/render/html/index.js';
import { makeContext, runCli } from './support/index.js';

// The HTML report as a person sees it: a real build through the CLI, the page
// rendered from its report.json and opened in headless Chromium with every
// network request trapped. Needs Debian's chromium at /usr/bin/chromium
// (`apt-get install -y chromium`).

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));

// Unique text in the RUNs keeps them out of the cache, so bars have length.
const nonce = Date.now();
const DOCKERFILE = `FROM buildlens-fixture/busybox:1 AS deps
WORKDIR /app
COPY package.json ./
RUN echo "deps ${nonce}" > deps.txt && sleep 1

FROM buildlens-fixture/busybox:1 AS build
WORKDIR /srv
COPY --from=deps /app/deps.txt ./
RUN echo "<b>${nonce} & 'more'</b>" > out.html && \\
    head -c 2000000 /dev/urandom > blob && sleep 1

FROM buildlens-fixture/busybox:1
COPY --from=build /srv/out.html /out.html
COPY --from=build /srv/blob /blob
RUN echo done-${nonce} > /done
`;
const SOURCE = DOCKERFILE.split('\n');

let browser: Browser;
let report: Report;
let pageUrl: string;

beforeAll(async () => {
  const context = makeContext({ Dockerfile: DOCKERFILE, 'package.json': '{"name":"html-e2e"}' });
  const out = join(context, 'out');
  const result = await runCli(['build', '--report-dir', out, context]);
  expect(result.exitCode, result.stderr).toBe(0);
  report = reportSchema().parse(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')));
  const htmlPath = join(out, 'report.html');
  writeFileSync(htmlPath, renderHtml(report));
  pageUrl = pathToFileURL(htmlPath).href;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
});

async function openReport() {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const requests: string[] = [];
  const problems: string[] = [];
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === pageUrl) return route.continue();
    requests.push(url);
    return route.abort();
  });
  page.on('request', (request) => {
    if (request.url() !== pageUrl && !requests.includes(request.url())) requests.push(request.url());
  });
  // A CSP violation (a blocked fetch) or a script error shows up here.
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(pageUrl, { waitUntil: 'load' });
  return { page, requests, problems };
}

describe('the HTML report in a real browser', () => {
  test('renders timeline, layers and Dockerfile for a real multi-stage build without any network request', async () => {
    const { page, requests, problems } = await openReport();

    // Timeline: one visible bar per timed step, labelled with its line, cache state as the report says.
    const timed = report.steps.filter((s) => s.startedAt !== undefined);
    expect(timed.length).toBeGreaterThanOrEqual(8);
    const bars = page.getByTestId('timeline-bar');
    await expect.poll(() => bars.count()).toBe(timed.length);
    for (const step of timed) {
      const bar = page.locator(`[data-testid="timeline-bar"][data-line="${step.line}"]`).first();
      expect(await bar.getAttribute('data-cached')).toBe(String(step.cached));
      expect(await bar.innerText()).toContain(`line${step.endLine > step.line ? 's' : ''} ${step.line}`);
      expect(await bar.locator('.tl-bar').isVisible()).toBe(true);
    }
    // The two-line RUN that slept ran and its bar is drawn wider than a cached step's.
    const slow = page.locator('[data-testid="timeline-bar"][data-line="9"]');
    expect(await slow.getAttribute('data-cached')).toBe('false');
    expect(await slow.innerText()).toContain(`RUN echo "<b>${nonce} & 'more'</b>"`);
    const slowWidth = (await slow.locator('.tl-bar').boundingBox())?.width ?? 0;
    expect(slowWidth).toBeGreaterThan(50);

    // Layers: every layer of the image, the Dockerfile's own ones at lines 13, 14, 15.
    const image = report.image;
    expect(image).toBeDefined();
    const layers = page.getByTestId('layer-bar');
    expect(await layers.count()).toBe(image?.layers.length);
    const ownLines = await page.locator('[data-testid="layer-bar"][data-base="false"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-line')));
    expect(ownLines).toEqual(['13', '14', '15']);

    // Dockerfile: each step's lines shown in order with the file's own text.
    const shown = await page.getByTestId('dockerfile-line').evaluateAll((els) => els.map((e) => [Number(e.getAttribute('data-line')), e.querySelector('.df-code')?.textContent ?? '']));
    const shownLines = shown.map(([line]) => line);
    expect(shownLines).toEqual([...shownLines].sort((a, b) => Number(a) - Number(b)));
    for (const step of report.steps) {
      for (let line = step.line; line <= step.endLine; line++) {
        const row = shown.find(([l]) => l === line);
        expect(row, `line ${line}`).toBeDefined();
        expect(String(row?.[1]).trim()).toBe(SOURCE[line - 1]?.trim());
      }
    }

    // Hovering a bar lights the same line in the Dockerfile view (the inline script runs).
    await slow.hover();
    expect(await page.locator('#L9').getAttribute('class')).toContain('hl');
    await page.mouse.move(0, 0);
    expect(await page.locator('#L9').getAttribute('class')).not.toContain('hl');

    await expect.poll(() => page.getByTestId('findings').isVisible()).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'report-html.png'), fullPage: true });

    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  test('print layout keeps every view and still makes no request', async () => {
    const { page, requests, problems } = await openReport();
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    for (const id of ['timeline', 'layers', 'dockerfile', 'findings']) expect(await page.getByTestId(id).isVisible()).toBe(true);
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
