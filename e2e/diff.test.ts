import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeContext, removeTaggedImages, runCli, uniqueTag } from './support/index.js';

// `buildlens diff` of an image and its fixed version, as images (with their
// Dockerfiles) and as builds in the builder's history.

const stamp = `${Date.now()}${Math.random()}`;
// The fix: the download is removed in the RUN that makes it, not in the next one.
const wasteful = `FROM buildlens-fixture/busybox:1\nRUN echo ${stamp} > /stamp && head -c 2000000 /dev/urandom > /tmp/src.tgz && mkdir -p /opt/app && echo app > /opt/app/bin\nRUN rm /tmp/src.tgz\nRUN head -c 3000 /dev/zero > /opt/app/data\n`;
const fixed = `FROM buildlens-fixture/busybox:1\nRUN echo ${stamp} > /stamp && head -c 2000000 /dev/urandom > /tmp/src.tgz && mkdir -p /opt/app && echo app > /opt/app/bin && rm /tmp/src.tgz\nRUN head -c 5000 /dev/zero > /opt/app/data && echo more > /opt/app/new.txt\n`;
let before: { context: string; tag: string; ref: string };
let after: { context: string; tag: string; ref: string };

async function build(dockerfile: string): Promise<{ context: string; tag: string; ref: string }> {
  const context = makeContext({ Dockerfile: dockerfile });
  const tag = uniqueTag('diff');
  const out = join(context, 'out');
  const run = await runCli(['build', '--load', '-t', tag, '--report-dir', out, context]);
  expect(run.exitCode, run.stderr).toBe(0);
  // The report names the build's ref (the builder's history may gain others' builds meanwhile).
  return { context, tag, ref: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).build.ref };
}

beforeAll(async () => {
  before = await build(wasteful);
  after = await build(fixed);
}, 300_000);
afterAll(removeTaggedImages);

describe('buildlens diff', () => {
  test('two images with their Dockerfiles: the edited line and its bytes, the removed line, the files', async () => {
    const run = await runCli(['diff', before.tag, after.tag, '-f', join(before.context, 'Dockerfile'), '-f', join(after.context, 'Dockerfile'), '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const diff = JSON.parse(run.stdout);
    expect(diff.by).toBe('line');
    expect(diff.base.changed).toBe(false);
    const [edited, ...rest] = diff.rows;
    expect(edited).toMatchObject({ status: 'changed', a: { line: 2 }, b: { line: 2 } });
    expect(edited.was).toContain('head -c 2000000');
    expect(edited.deltaBytes).toBeLessThan(-1_990_000);
    expect(rest.find((r: any) => r.status === 'removed')).toMatchObject({ instruction: 'RUN rm /tmp/src.tgz', a: { line: 3 } });
    expect(diff.files.added.top).toEqual([{ path: '/opt/app/new.txt', bytes: 5 }]);
    expect(diff.files.grown.top).toEqual([{ path: '/opt/app/data', bytes: 2000, before: 3000, after: 5000 }]);
    expect(diff.b.wastedBytes).toBe(0);
    expect(diff.a.wastedBytes).toBe(2_000_000);
  });

  test('two builds in history, as a terminal summary and as Markdown', async () => {
    const text = await runCli(['diff', before.ref, after.ref]);
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/-2 MB\s+changed line 2 /);
    expect(text.stdout).toContain('was: RUN echo');
    expect(text.stdout).toMatch(/files added: 1 \(\+5 B\)/);
    const md = await runCli(['diff', before.ref, after.ref, '--markdown']);
    expect(md.exitCode, md.stderr).toBe(0);
    expect(md.stdout).toMatch(/^## buildlens diff: 📉 -2 MB/);
    expect(md.stdout).toContain('| line 3 → — | `RUN rm /tmp/src.tgz` (removed) |');
  });

  test('a report directory against an image: lines compared, files not (a report holds no layers)', async () => {
    const run = await runCli(['diff', join(before.context, 'out'), after.tag, '-f', join(after.context, 'Dockerfile'), '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const diff = JSON.parse(run.stdout);
    expect(diff.a.kind).toBe('report');
    expect(diff.rows[0]).toMatchObject({ status: 'changed', a: { line: 2 }, b: { line: 2 } });
    expect(diff.files).toBeUndefined();
  });

  test('bad sides: one line, usage errors exit 2', async () => {
    const missing = await runCli(['diff', 'oci:/nonexistent/layout', after.tag]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const both = await runCli(['diff', before.tag, after.tag, '--json', '--markdown']);
    expect(both.exitCode).toBe(2);
  });
});
