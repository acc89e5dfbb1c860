import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { reportSchema, type Report } from '../src/model/report.js';
import { renderHtml } from '../src/render/html/index.js';
import { makeContext, runCli } from './support/index.js';

// The HTML report as a person sees it: a real build through the CLI, the page
// the CLI wrote (with its file browser) and the page rendered again from
// report.json, opened in headless Chromium with every network request
// trapped. Needs Debian's chromium at /usr/bin/chromium
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
RUN rm /out.html && echo "done again ${nonce}" > /done
`;
const SOURCE = DOCKERFILE.split('\n');

let browser: Browser;
let report: Report;
let pageUrl: string;
let cliPageUrl: string;

beforeAll(async () => {
  const context = makeContext({ Dockerfile: DOCKERFILE, 'package.json': '{"name":"html-e2e"}' });
  const out = join(context, 'out');
  const result = await runCli(['build', '--report-dir', out, '--report-format', 'json,html', context]);
  expect(result.exitCode, result.stderr).toBe(0);
  report = reportSchema().parse(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')));
  cliPageUrl = pathToFileURL(join(out, 'report.html')).href;
  // The page a report read back from report.json gets: everything but the file lists.
  const htmlPath = join(out, 'report-from-json.html');
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

async function openReport(url = pageUrl) {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const requests: string[] = [];
  const problems: string[] = [];
  await page.route('**/*', async (route) => {
    const requested = route.request().url();
    if (requested === url) return route.continue();
    requests.push(requested);
    return route.abort();
  });
  page.on('request', (request) => {
    if (request.url() !== url && !requests.includes(request.url())) requests.push(request.url());
  });
  // A CSP violation (a blocked fetch) or a script error shows up here.
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url, { waitUntil: 'load' });
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

    // Layers: every layer of the image, the Dockerfile's own ones at lines 13, 14, 15, 16.
    const image = report.image;
    expect(image).toBeDefined();
    const layers = page.getByTestId('layer-bar');
    expect(await layers.count()).toBe(image?.layers.length);
    const ownLines = await page.locator('[data-testid="layer-bar"][data-base="false"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-line')));
    expect(ownLines).toEqual(['13', '14', '15', '16']);

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

  test('the file browser: a directory expands, a path filter narrows every layer, the view switches to the filesystem up to a layer', async () => {
    const { page, requests, problems } = await openReport(cliPageUrl);
    const layers = page.getByTestId('file-layer');
    expect(await layers.count()).toBe(report.image?.layers.length);
    const layerAt = (line: number) => page.locator(`[data-testid="file-layer"][data-line="${line}"]`);
    const entry = (layer: Locator, path: string) => layer.locator(`[data-testid="file-entry"][data-path="${path}"]`).first();
    const open = async (layer: Locator) => {
      await layer.locator('summary').first().click();
      await expect.poll(() => layer.evaluate((el) => el.hasAttribute('open'))).toBe(true);
    };

    // The last RUN's own changes: /out.html removed, /done rewritten, nothing else of the image.
    const last = layerAt(16);
    await open(last);
    await expect.poll(() => entry(last, 'out.html').getAttribute('data-mark')).toBe('removed');
    expect(await entry(last, 'done').getAttribute('data-mark')).toBe('modified');
    expect(await last.locator('[data-testid="file-entry"][data-path="blob"]').count()).toBe(0);
    // Where those bytes were added they are marked wasted: they still ship.
    const copied = layerAt(13);
    await open(copied);
    expect(await entry(copied, 'out.html').getAttribute('data-mark')).toBe('added');
    expect(await entry(copied, 'out.html').getAttribute('data-wasted')).toBe('true');
    const ran = layerAt(15);
    await open(ran);
    expect(await entry(ran, 'done').getAttribute('data-wasted')).toBe('true');

    // The base image's layers: bin/ of the one holding busybox opens to show it; bin/ of the one
    // holding its 268 links lists the largest and sums the rest in a "more" row.
    const baseLayers = page.locator('[data-testid="file-layer"][data-line="12"]');
    let base: Locator | undefined;
    let links: Locator | undefined;
    for (let i = 0; i < (await baseLayers.count()); i++) {
      const candidate = baseLayers.nth(i);
      await open(candidate);
      if ((await candidate.locator('[data-testid="file-entry"][data-path="bin/busybox"]').count()) > 0) base = candidate;
      else if ((await candidate.locator('[data-testid="file-entry"][data-path="bin"] [data-testid="file-more"]').count()) > 0) links = candidate;
    }
    if (!base || !links) throw new Error('no base layer lists bin/busybox, or none sums the rest of bin/');
    const busybox = entry(base, 'bin/busybox');
    expect(await busybox.isVisible()).toBe(false);
    await entry(base, 'bin').locator('summary').first().click();
    await expect.poll(() => busybox.isVisible()).toBe(true);
    expect(await busybox.getAttribute('data-mark')).toBe('added');
    await entry(links, 'bin').locator('summary').first().click();
    const binMore = entry(links, 'bin').locator('[data-testid="file-more"]');
    await expect.poll(() => binMore.isVisible()).toBe(true);
    expect(await binMore.innerText()).toMatch(/^… [\d,]+ more files, .* \(aggregated: not listed in this page\)$/);
    expect(await page.getByTestId('file-bounds').innerText()).toMatch(/^Aggregated to keep this page small: [\d,]+ of [\d,]+ entries are in it\./);

    // Filtering by a path keeps only the way to what matches, in every layer, and counts the matches.
    await page.getByTestId('file-filter').fill('busybox');
    await expect.poll(() => base?.getByTestId('file-matches').innerText()).toBe('1 match');
    expect(await last.getByTestId('file-matches').innerText()).toBe('0 matches');
    expect(await links.getByTestId('file-matches').innerText()).toBe('0 matches');
    expect(await links.getByText('No path in this view matches the filter.').isVisible()).toBe(true);
    const shown = await base.locator('[data-testid="file-entry"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-path')));
    expect(shown).toEqual(['bin', 'bin/busybox']);
    expect(await busybox.isVisible()).toBe(true);

    // The filesystem up to the last layer: busybox is there, unchanged by it; what it removed shows as removed.
    await page.getByTestId('file-view-merged').check();
    await expect.poll(() => last.getByTestId('file-matches').innerText()).toBe('1 match');
    const merged = entry(last, 'bin/busybox');
    await expect.poll(() => merged.isVisible()).toBe(true);
    expect(await merged.getAttribute('data-mark')).toBeNull();
    await page.getByTestId('file-filter').fill('');
    await expect.poll(() => last.getByTestId('file-matches').innerText()).toBe('');
    expect(await entry(last, 'blob').getAttribute('data-mark')).toBeNull();
    expect(await entry(last, 'done').getAttribute('data-mark')).toBe('modified');
    expect(await entry(last, 'out.html').getAttribute('data-mark')).toBe('removed');
    // Back to the layer's own changes.
    await page.getByTestId('file-view-changes').check();
    await expect.poll(() => last.locator('[data-testid="file-entry"][data-path="blob"]').count()).toBe(0);

    // As a person would look at it: the filesystem up to the last layer, bin/ open, the other layers closed.
    await page.getByTestId('file-view-merged').check();
    await expect.poll(() => last.locator('[data-testid="file-entry"][data-path="blob"]').count()).toBe(1);
    await layers.evaluateAll((els) => els.forEach((el) => el.getAttribute('data-line') !== '16' && el.removeAttribute('open')));
    await entry(last, 'bin').locator('summary').first().click();
    await expect.poll(() => entry(last, 'bin/busybox').isVisible()).toBe(true);
    expect(await entry(last, 'bin').locator('[data-testid="file-more"]').isVisible()).toBe(true);
    await page.mouse.move(0, 0);
    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'report-html-files.png');
    await page.getByTestId('files').screenshot({ path: shot });
    console.log(`file browser screenshot: ${shot}`);

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
