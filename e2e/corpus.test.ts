import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCorpus, type CorpusCase } from './support/corpus/expectation.js';
import { compareMisses, scoreFindings, type FindingScore } from './support/corpus/score.js';
import { formatTable, totals, type CaseRow } from './support/corpus/table.js';
import { imageLayers as contentStoreLayers, readReport, runCli, uniqueTag } from './support/index.js';

// The real-world corpus: public Dockerfiles built through the CLI against
// local stand-ins of the official base images, each report judged against an
// expectation written by hand (e2e/corpus/README.md).

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CASES = loadCorpus(join(ROOT, 'e2e/corpus'));
const rows: CaseRow[] = [];
// BUILDLENS_CORPUS_KEEP=DIR keeps every report there for reading after the run.
const keep = process.env['BUILDLENS_CORPUS_KEEP'];
const work = keep ? (mkdirSync(keep, { recursive: true }), mkdtempSync(join(keep, 'run-'))) : mkdtempSync(join(tmpdir(), 'e2e-corpus-'));
// A state store of this run's own: the build before the edit is the one each rebuild is compared with.
const env = { BUILDLENS_STATE_DIR: join(work, 'state') };

beforeAll(async () => {
  const made = await execa('bash', ['scripts/corpus-images.sh'], { cwd: ROOT, reject: false, stdin: 'ignore', stdout: 'inherit', stderr: 'inherit' });
  if (made.exitCode !== 0) throw new Error(`scripts/corpus-images.sh exited ${String(made.exitCode)}: the corpus base images could not be made`);
}, 1_800_000);

afterAll(() => {
  if (!keep) rmSync(work, { recursive: true, force: true });
});

async function build(c: CorpusCase, context: string, label: string, tag: string): Promise<any> {
  const out = join(work, `${c.name}-${label}`);
  const { target, buildArgs } = c.expectation.build;
  const args = ['build', '--report-dir', out, '--load', '-t', tag];
  if (target) args.push('--target', target);
  for (const [name, value] of Object.entries(buildArgs)) args.push('--build-arg', `${name}=${value}`);
  const result = await runCli([...args, context], { env, timeoutMs: 600_000 });
  expect(result.exitCode, `${c.name} ${label}: ${result.stderr.slice(-3000)}`).toBe(0);
  return readReport(out);
}

// The layer blobs of the image loaded under tag, from the engine's content store, base first.
async function exportedLayers(tag: string): Promise<string[]> {
  const { stdout } = await execa('docker', ['image', 'inspect', '-f', '{{.Id}}', tag]);
  return contentStoreLayers(stdout.trim()).map((d) => d.digest);
}

// A finding wrong or missed in either build counts once; right is what the rebuild reported.
function merge(first: FindingScore, second: FindingScore): FindingScore {
  const keyOf = (label: string) => label.split(' ')[0];
  const union = (a: string[], b: string[]) => [...b, ...a.filter((x) => !b.some((y) => keyOf(y) === keyOf(x)))];
  const missed = union(first.missed, second.missed);
  return { right: second.right, wrong: union(first.wrong, second.wrong), missed, unjudged: union(first.unjudged, second.unjudged), mustTotal: second.mustTotal, mustFound: second.mustTotal - missed.length };
}

describe('the real-world corpus', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s: findings, cache chain after a one-file edit, the exported image', async (_name, c) => {
    const context = join(work, c.name);
    cpSync(c.context, context, { recursive: true });
    const first = await build(c, context, 'first', uniqueTag(`corpus-${c.name}`));
    appendFileSync(join(context, c.expectation.edit.file), c.expectation.edit.append.replace('{stamp}', `${Date.now()}-${Math.random()}`));
    const tag = uniqueTag(`corpus-${c.name}`);
    const second = await build(c, context, 'second', tag);
    const score = merge(scoreFindings(first.findings, c.expectation.findings), scoreFindings(second.findings, c.expectation.findings));
    const cacheProblems = compareMisses(second.cacheMisses ?? [], c.expectation.cacheAfterEdit.misses);
    const { minBytes, maxBytes } = c.expectation.image;
    const imageBytes: number | undefined = second.image?.uncompressedSize;
    const imageOk = imageBytes !== undefined && imageBytes >= minBytes && imageBytes <= maxBytes;
    const layers = { reported: (second.image?.layers ?? []).map((l: { digest: string }) => l.digest), exported: await exportedLayers(tag) };
    rows.push({ name: c.name, score, cacheProblems, imageBytes, imageOk, layers });
    expect.soft(score.wrong, 'findings that are wrong').toEqual([]);
    expect.soft(cacheProblems, 'cache-miss chain after the edit').toEqual([]);
    expect.soft(imageOk, `exported image ${String(imageBytes)} bytes, expected ${minBytes}..${maxBytes}`).toBe(true);
    expect.soft(layers.reported, 'the layers reported are the layers of the image loaded').toEqual(layers.exported);
  });

  test('recall >= 95% and no false warning over the whole corpus', () => {
    console.log(`\n${formatTable(rows)}\n`);
    expect(CASES.length, 'corpus cases').toBeGreaterThanOrEqual(10);
    expect(rows.length, 'cases that ran').toBe(CASES.length);
    const t = totals(rows);
    expect(t.must, 'must-appear findings judged').toBeGreaterThan(0);
    expect(t.recall).toBeGreaterThanOrEqual(0.95);
    expect(t.wrong).toBe(0);
  });
});
