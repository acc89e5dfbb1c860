import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, test } from 'vitest';
import { CLI_PATH, cleanupContexts, makeContext, runCli } from './support/cli.js';

afterAll(cleanupContexts);

// Peak resident memory of a CLI run, read from /proc while it runs (VmHWM is the high-water mark).
async function peakRss(args: string[], env: NodeJS.ProcessEnv): Promise<{ exitCode: number; peakBytes: number; stdout: string }> {
  const child = execa('node', [CLI_PATH, ...args], { reject: false, env: { ...process.env, ...env } });
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      if (kb) peak = Math.max(peak, Number(kb) * 1024);
    } catch {
      // the process has exited
    }
  }, 25);
  const result = await child;
  clearInterval(timer);
  return { exitCode: result.exitCode ?? 1, peakBytes: peak, stdout: String(result.stdout) };
}

describe('hostile and odd layers', () => {
  test('traversal, absolute and very long names and symlink loops in a layer: skipped with a note, never followed', async () => {
    const dir = makeContext({ 'make.py': '' });
    const tar = join(dir, 'hostile.tar');
    // Python's tarfile writes the names as given; docker import keeps them in the layer.
    await execa('python3', ['-c', `
import tarfile, io
with tarfile.open(${JSON.stringify(tar)}, 'w', format=tarfile.PAX_FORMAT) as t:
    def add(name, data=b'x', kind=tarfile.REGTYPE, link=''):
        ti = tarfile.TarInfo(name); ti.type = kind; ti.linkname = link; ti.size = len(data) if kind == tarfile.REGTYPE else 0
        t.addfile(ti, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
    add('ok.txt', b'fine')
    add('../../escape.txt', b'evil')
    add('/abs/file.txt', b'abs')
    add('d' * 120 + '/' + 'f' * 200, b'long')
    add('loop-a', kind=tarfile.SYMTYPE, link='loop-b')
    add('loop-b', kind=tarfile.SYMTYPE, link='loop-a')
`]);
    const tag = `buildlens-test/hostile-import:${Date.now().toString(36)}`;
    await execa('docker', ['import', tar, tag]);
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${tag}\nCOPY make.py /make.py\n`);
    const out = join(dir, 'out');
    const result = await runCli(['build', '--report-dir', out, dir]);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.notes.some((n: any) => n.topic === 'layers' && /escapes the image root: "\.\.\/\.\.\/escape\.txt"/.test(n.message))).toBe(true);
    expect(report.image.layers[0].files).toBe(5);
    await execa('docker', ['image', 'rm', tag], { reject: false });
  });

  test('100 000 files and a 2 GB sparse file: analysed with bounded memory', async () => {
    const dir = makeContext({
      Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN echo ${Date.now()} > /stamp\nRUN mkdir /many && cd /many && seq 1 100000 | xargs touch\nRUN truncate -s 2G /sparse.bin\nRUN ln -s /loop-b /loop-a && ln -s /loop-a /loop-b\n`,
    });
    const built = await runCli(['build', dir], { timeoutMs: 600_000 });
    expect(built.exitCode, built.stderr).toBe(0);
    const ref = JSON.parse((await runCli(['history', '--json', '--limit', '1'])).stdout)[0].ref;
    const cacheDir = makeContext({});
    // With the HTML page, whose file browser is made from every layer's paths.
    const out = join(dir, 'out');
    const run = await peakRss(['report', ref, '--json', '--report-dir', out, '--report-format', 'json,html'], { BUILDLENS_CACHE_DIR: cacheDir });
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.image.uncompressedSize).toBeGreaterThan(2 * 1024 ** 3);
    expect(report.steps.find((s: any) => s.line === 3).layer.files).toBeGreaterThanOrEqual(100_000);
    expect(report.steps.find((s: any) => s.line === 4).layer.addedBytes).toBe(2 * 1024 ** 3);
    // Bounded: far below the 2 GB that went through it (the target is 150 MB; see BENCHMARKS.md).
    expect(run.peakBytes).toBeGreaterThan(0);
    expect(run.peakBytes).toBeLessThan(300 * 1024 * 1024);
    // The page stays small: the 100 000 files are summed, and the page says so.
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(Buffer.byteLength(html)).toBeLessThan(2 * 1024 * 1024);
    expect(html).toMatch(/data-testid="file-bounds">Aggregated to keep this page small: [\d,]+ of [\d,]+ entries are in it\./);
    const trees = JSON.parse(/<script type="application\/json" id="buildlens-files">(.*?)<\/script>/s.exec(html)?.[1] ?? 'null');
    const many = trees.layers[report.image.layers.findIndex((l: any) => l.line === 3)].changes.root.children.find((c: any) => c.name === 'many');
    expect(many.files).toBeGreaterThanOrEqual(100_000);
    expect(many.children.length).toBeLessThanOrEqual(trees.limits.perDirectory);
    expect(many.more.files).toBe(many.files - many.children.length);
    console.log(`100 000-file image: report.html ${Buffer.byteLength(html)} bytes, peak RSS ${Math.round(run.peakBytes / 1024 / 1024)} MB`);
  }, 600_000);
});
