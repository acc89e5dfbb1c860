// npm run bench: buildlens's overhead and throughput, measured against plain
// buildx and against raw decompression of the same layers, in one run on this
// machine. Prints medians of repeated runs; nothing here is a pass/fail test.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/cli.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const env = { ...process.env, BUILDLENS_LIVE: '0' };

function sh(cmd, args, opts = {}) {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 1 << 30, ...opts });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr?.slice(-2000)}`);
  return { ms, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;

function context(files) {
  const dir = mkdtempSync(join(tmpdir(), 'buildlens-bench-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

sh('bash', [join(ROOT, 'scripts/engine.sh')]);
sh('bash', [join(ROOT, 'scripts/fixture-images.sh'), '--only', 'busybox']);

const small = context({
  Dockerfile: `FROM buildlens-fixture/busybox:1 AS deps\nWORKDIR /app\nCOPY package.json ./\nRUN head -c 2000000 /dev/urandom > deps.bin\nFROM buildlens-fixture/busybox:1\nCOPY --from=deps /app/deps.bin /deps.bin\nCOPY src /src\nRUN sleep 1 && echo done > /done\n`,
  'package.json': '{}',
  'src/app.js': 'console.log(1)\n',
});
const results = [];

// Plain buildx and buildlens with the same build arguments, alternately, `runs`
// times each; one row with both medians and their ratio.
function versusBuildx(label, buildArgs, runs, target) {
  const plain = [], lens = [];
  for (let i = 0; i < runs; i++) {
    plain.push(sh('docker', ['buildx', 'build', ...buildArgs]).ms);
    lens.push(sh('node', [CLI, 'build', ...buildArgs]).ms);
  }
  results.push([`${label}: buildlens build / docker buildx build`, `${fmt(median(lens))} / ${fmt(median(plain))}`, (median(lens) / median(plain)).toFixed(3), target]);
}

// 1. Fully cached rebuild: same context, warmed once.
sh('docker', ['buildx', 'build', small]);
versusBuildx('cached rebuild', [small], RUNS, '≤ 1.10');

// 2. Uncached build (--no-cache for both).
versusBuildx('uncached build', ['--no-cache', small], Math.max(3, Math.ceil(RUNS / 2)), '≤ 1.02');

// 2b. The same two measures on builds of a size people wait for: the example
// Node service (apt and a build script; a cached rebuild re-sends its context
// and exports its image) and an uncached build doing seconds of work that writes
// 2 000 files. The overhead is a fixed cost, so its ratio depends on the build.
sh('bash', [join(ROOT, 'scripts/fixture-images.sh'), '--only', 'debian']);
const example = join(ROOT, 'examples', 'node-app');
sh('docker', ['buildx', 'build', example]);
versusBuildx('cached rebuild of examples/node-app', [example], RUNS, '≤ 1.10');
const work = context({
  Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN i=0; while [ $i -lt 10 ]; do head -c 16000000 /dev/urandom | gzip -1 | sha256sum >> /sums; i=$((i+1)); done\nRUN i=0; while [ $i -lt 2000 ]; do mkdir -p /out/d$((i % 60)); head -c 4000 /dev/urandom > /out/d$((i % 60))/f$i; i=$((i+1)); done\n`,
});
versusBuildx('uncached build of a few seconds\' work', ['--no-cache', work], 3, '≤ 1.02');

// 3. A ≥200 MB image with many files: report time vs gzip -dc of its layers and vs docker image save.
const big = context({
  Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN mkdir -p /data/a && i=0; while [ $i -lt 12000 ]; do head -c 9000 /dev/urandom > /data/a/f$i; i=$((i+1)); done\nRUN mkdir -p /data/b && head -c 100000000 /dev/urandom > /data/b/blob\nRUN rm -rf /data/a/f1*\n`,
});
const tag = 'buildlens-bench/big:1';
const meta = join(big, 'meta.json');
sh('docker', ['buildx', 'build', '--load', '-t', tag, '--metadata-file', meta, big]);
const ref = JSON.parse(readFileSync(meta, 'utf8'))['buildx.build.ref'].split('/').pop();
const saveDir = mkdtempSync(join(tmpdir(), 'buildlens-bench-save-'));
const saveMs = sh('bash', ['-c', `docker image save ${tag} | tar -x -C ${saveDir}`]).ms;
const blobDir = join(saveDir, 'blobs', 'sha256');
const index = JSON.parse(readFileSync(join(saveDir, 'manifest.json'), 'utf8'));
const layerFiles = index[0].Layers.map((l) => join(saveDir, l));
const layerBytes = layerFiles.reduce((n, f) => n + statSync(f).size, 0);
const gzipRuns = [], reportRuns = [], rss = [], cachedReportRuns = [];
for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
  gzipRuns.push(sh('bash', ['-c', `for f in ${layerFiles.join(' ')}; do gzip -dc "$f" > /dev/null 2>&1 || cat "$f" > /dev/null; done`]).ms);
  // A fresh layer cache each time: this measures reading and analysing every blob.
  const cacheDir = mkdtempSync(join(tmpdir(), 'buildlens-bench-cache-'));
  const timed = sh('/usr/bin/time', ['-f', '%M', 'node', CLI, 'report', ref, '--json'], { env: { ...env, BUILDLENS_CACHE_DIR: cacheDir } });
  reportRuns.push(timed.ms);
  rss.push(Number(timed.stderr.trim().split('\n').pop()) * 1024);
  cachedReportRuns.push(sh('node', [CLI, 'report', ref, '--json'], { env: { ...env, BUILDLENS_CACHE_DIR: cacheDir } }).ms);
  rmSync(cacheDir, { recursive: true, force: true });
}
results.push([`report of a ${mb(layerBytes)} (compressed) image: buildlens report / gzip -dc of its layers`, `${fmt(median(reportRuns))} / ${fmt(median(gzipRuns))}`, (median(gzipRuns) / median(reportRuns)).toFixed(3), '≥ 0.80 (throughput)']);
results.push(['  … and docker image save of the same image', fmt(saveMs), (saveMs / median(reportRuns)).toFixed(3), 'informative']);
results.push(['  … report again with the layer analyses cached', fmt(median(cachedReportRuns)), '', 'informative']);
results.push(['peak RSS of buildlens report (large image)', mb(median(rss)), '', '< 150 MB']);

// 4. Start-up.
const starts = [];
for (let i = 0; i < 10; i++) starts.push(sh('node', [CLI, '--help']).ms);
results.push(['CLI start-up (buildlens --help)', fmt(median(starts)), '', '< 150 ms']);

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${execFileSync('docker', ['version', '--format', 'dockerd {{.Server.Version}}'], { encoding: 'utf8' }).trim()}`;
process.stdout.write(`\nbuildlens benchmark (${RUNS} runs, medians) on ${machine}\n\n`);
const widths = [0, 1, 2, 3].map((c) => Math.max(...results.map((r) => String(r[c]).length)));
for (const r of results) process.stdout.write(`${r.map((cell, c) => String(cell).padEnd(widths[c])).join('  ')}\n`);

for (const dir of [small, work, big, saveDir]) rmSync(dir, { recursive: true, force: true });
sh('docker', ['image', 'rm', tag], { allowFail: true });
