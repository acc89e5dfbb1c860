// npm run bench: buildlens's overhead and throughput in one run on this
// machine, each measure against the floor (bench/floor.mjs: Node spawning
// buildx and nothing else; `node -e 0`; `gzip -dc` of the same layers) and
// against plain `docker buildx build`. Medians of paired rounds, the order
// alternating within each round; nothing here is a pass/fail test.
//
// Env: BENCH_RUNS        rounds per measure (default 7)
//      BENCH_OTHER_RUNS  rounds of the long measures (uncached build, image
//                        reads) on builders other than the default (default 3)
//      BENCH_BUILDERS    comma list of builders.sh names to measure besides
//                        the default (default: every ready one)
//      BENCH_ONLY        comma list of measures to run: cached, uncached,
//                        reads, startup (default all)
//      BENCH_CLI         the buildlens to measure (default dist/cli.js; e.g.
//                        an earlier build kept aside, to compare rounds)
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { discoverBuilders } from './lib/builders.mjs';
import { benchPaths, cachedRebuild, uncachedBuild } from './lib/builds.mjs';
import { context, scratchDir, SMALL, WORK } from './lib/fixtures.mjs';
import { run } from './lib/measure.mjs';
import { prepareBigImage, readRows, removeBigImage } from './lib/reads.mjs';
import { startupRows } from './lib/startup.mjs';
import { renderTable } from './lib/table.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_RUNS || 7);
const OTHER_RUNS = Number(process.env.BENCH_OTHER_RUNS || 3);
const MEASURES = new Set((process.env.BENCH_ONLY || 'cached,uncached,reads,startup').split(','));
const ONLY = process.env.BENCH_BUILDERS ? process.env.BENCH_BUILDERS.split(',') : undefined;
const paths = benchPaths(ROOT, process.env.BENCH_CLI || undefined);
const started = Date.now();
const say = (text) => process.stderr.write(`bench +${((Date.now() - started) / 1000).toFixed(0)}s: ${text}\n`);

run('bash', [join(ROOT, 'scripts/engine.sh')]);
run('bash', [join(ROOT, 'scripts/fixture-images.sh'), '--only', 'busybox']);
const { ready, skipped } = discoverBuilders(ROOT, ONLY);
for (const why of skipped) process.stdout.write(`skipped: ${why}\n`);

const small = context(SMALL);
const work = context(WORK);
const rows = [];
for (const builder of ready) {
  // buildlens's records and layer cache of this run only, kept across its builds as a user's would be.
  const env = { ...process.env, ...builder.env, BUILDLENS_LIVE: '0', BUILDLENS_STATE_DIR: scratchDir(), BUILDLENS_CACHE_DIR: scratchDir() };
  const longRuns = builder.name === 'default' ? RUNS : OTHER_RUNS;
  const tag = (r) => ({ ...r, measure: `${builder.name} (${builder.driver}): ${r.measure}` });
  try {
    if (MEASURES.has('cached')) {
      say(`${builder.name}: cached rebuild`);
      rows.push(...cachedRebuild(paths, builder, env, small, RUNS).map(tag));
    }
    if (MEASURES.has('uncached')) {
      say(`${builder.name}: uncached build`);
      rows.push(...uncachedBuild(paths, builder, env, work, longRuns).map(tag));
    }
    if (MEASURES.has('reads')) {
      say(`${builder.name}: building the large image`);
      const image = prepareBigImage(builder, env);
      say(`${builder.name}: reading the large image`);
      rows.push(...readRows(paths, builder, env, image, longRuns).map(tag));
      removeBigImage(env, image);
    }
  } catch (error) {
    process.stdout.write(`skipped: the rest of ${builder.name} (${builder.driver}) — ${String(error.message).split('\n')[0]}\n`);
  }
}
if (MEASURES.has('startup')) {
  say('start-up');
  rows.push(...startupRows(paths, Math.max(10, RUNS)));
}

const docker = execFileSync('docker', ['version', '--format', 'dockerd {{.Server.Version}}'], { encoding: 'utf8' }).trim();
const buildx = execFileSync('docker', ['buildx', 'version'], { encoding: 'utf8' }).trim().split(' ').slice(0, 2).join(' ');
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${docker}, ${buildx}`;
process.stdout.write(`\nbuildlens benchmark: medians of ${RUNS} paired rounds (${OTHER_RUNS} for long measures on other builders) on ${machine}\n\n`);
process.stdout.write(renderTable(rows));
process.stdout.write(`\n${rows.filter((r) => r.met).length} of ${rows.length} targets met; the bench took ${((Date.now() - started) / 60000).toFixed(1)} min\n`);
