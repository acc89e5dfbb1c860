// Where a cached rebuild's time goes, per builder: `buildlens build` of the
// bench's small project run with BUILDLENS_DEBUG, each debug line's time
// (ms since the process started) read back, and the medians printed as one
// table per builder: when buildx was spawned and exited, when the history
// record, the layers and the summary were done, and the process's end. The
// floor's own times (bench/floor.mjs) are beside them: what a Node wrapper
// needs to spawn buildx and see it exit on the same builder.
//
// Usage: node bench/phases.mjs            (every ready builder)
// Env:   BENCH_RUNS      rounds per builder (default 7)
//        BENCH_BUILDERS  comma list of builders.sh names besides the default
import { join } from 'node:path';
import { discoverBuilders } from './lib/builders.mjs';
import { benchPaths, buildCommands } from './lib/builds.mjs';
import { context, scratchDir, SMALL } from './lib/fixtures.mjs';
import { median, run } from './lib/measure.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_RUNS || 7);
const ONLY = process.env.BENCH_BUILDERS ? process.env.BENCH_BUILDERS.split(',') : undefined;
const paths = benchPaths(ROOT);

// The debug lines that mark a phase's end, in the order a build passes them.
const MARKS = [
  ['buildx exited', /^buildx exited/],
  ['history record read', /^report: history read/],
  ['compared with the previous build', /^cache misses explained/],
  ['layers analysed', /^report: layers analysed/],
  ['summary shown', /^report shown/],
  ['connections closed', /^connections closed/],
];

run('bash', [join(ROOT, 'scripts/engine.sh')]);
const { ready, skipped } = discoverBuilders(ROOT, ONLY);
for (const why of skipped) process.stdout.write(`skipped: ${why}\n`);
const dir = context(SMALL);

for (const builder of ready) {
  const env = { ...process.env, ...builder.env, BUILDLENS_LIVE: '0', BUILDLENS_STATE_DIR: scratchDir(), BUILDLENS_CACHE_DIR: scratchDir() };
  const commands = buildCommands(paths, builder, env, [dir]);
  const debugEnv = { ...env, BUILDLENS_DEBUG: '1' };
  const traced = () => run('node', [paths.cli, 'build', ...buildArgsOf(builder), dir], { env: debugEnv });
  try {
    traced();
    commands.floor();
    const times = Object.fromEntries([...MARKS.map(([name]) => [name, []]), ['process end (wall)', []], ['floor: process end (wall)', []]]);
    for (let i = 0; i < RUNS; i++) {
      const r = traced();
      const lines = r.stderr.split('\n').flatMap((l) => {
        const m = /^buildlens debug \+(\d+)ms: (.*)$/.exec(l);
        return m ? [{ ms: Number(m[1]), text: m[2] }] : [];
      });
      for (const [name, re] of MARKS) {
        const hit = lines.find((l) => re.test(l.text));
        if (hit) times[name].push(hit.ms);
      }
      times['process end (wall)'].push(r.wallMs);
      times['floor: process end (wall)'].push(commands.floor().wallMs);
    }
    process.stdout.write(`\n${builder.name} (${builder.driver}), medians of ${RUNS} runs, ms since start:\n`);
    for (const [name, values] of Object.entries(times)) {
      process.stdout.write(`  ${name.padEnd(34)} ${values.length ? String(Math.round(median(values))).padStart(6) : '     -'}${values.length < RUNS ? `  (${values.length} of ${RUNS} runs)` : ''}\n`);
    }
  } catch (error) {
    process.stdout.write(`skipped: ${builder.name} (${builder.driver}) — ${String(error.message).split('\n')[0]}\n`);
  }
}

// The buildx arguments that pick the builder (and its platforms), as the bench's builds pass them.
function buildArgsOf(builder) {
  return [...builder.builderArgs, ...(builder.platforms.length ? ['--platform', builder.platforms.join(',')] : [])];
}
