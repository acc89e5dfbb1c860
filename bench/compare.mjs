// Compares builds of the CLI on the default builder in the same paired
// rounds (the order rotating each round), each against the floor: whether a
// change helps, measured on a shared machine where separate runs drift.
//
// Usage: node bench/compare.mjs NAME=PATH/TO/cli.js ...
// Env:   BENCH_RUNS (default 7), BENCH_ONLY: cached,uncached,startup (default cached)
import { join } from 'node:path';
import { buildCommands } from './lib/builds.mjs';
import { context, scratchDir, SMALL, WORK } from './lib/fixtures.mjs';
import { median, medianOf, pairedRatio, run } from './lib/measure.mjs';
import { DEFAULT_BUILDER } from './lib/builders.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_RUNS || 7);
const MEASURES = new Set((process.env.BENCH_ONLY || 'cached').split(','));
const clis = Object.fromEntries(process.argv.slice(2).map((arg) => [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]));
if (Object.keys(clis).length === 0) throw new Error('usage: node bench/compare.mjs NAME=PATH/TO/cli.js ...');
const floor = join(ROOT, 'bench', 'floor.mjs');

// Every CLI's own state and cache, as each would have on a user's machine.
function commandsFor(args) {
  const out = { floor: buildCommands({ floor, cli: '' }, DEFAULT_BUILDER, { ...process.env, BUILDLENS_LIVE: '0' }, args).floor };
  for (const [name, cli] of Object.entries(clis)) {
    const env = { ...process.env, BUILDLENS_LIVE: '0', BUILDLENS_STATE_DIR: scratchDir(), BUILDLENS_CACHE_DIR: scratchDir() };
    out[name] = buildCommands({ cli, floor }, DEFAULT_BUILDER, env, args).buildlens;
  }
  return out;
}

// Rounds whose order rotates by one each time, so every command runs in every position.
function rotated(commands, runs) {
  const names = Object.keys(commands);
  const out = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < runs; i++) for (let k = 0; k < names.length; k++) out[names[(i + k) % names.length]].push(commands[names[(i + k) % names.length]]());
  return out;
}

function report(label, m, fields) {
  for (const field of fields) {
    const cells = Object.keys(clis).map((name) => `${name} ${medianOf(m[name], field).toFixed(0)} ms (${pairedRatio(m[name], m.floor, field).toFixed(3)}× floor)`);
    process.stdout.write(`${label} ${field}: floor ${medianOf(m.floor, field).toFixed(0)} ms | ${cells.join(' | ')}\n`);
  }
}

run('bash', [join(ROOT, 'scripts/fixture-images.sh'), '--only', 'busybox']);
if (MEASURES.has('cached')) {
  const commands = commandsFor([context(SMALL)]);
  for (const warm of Object.values(commands)) warm();
  report('cached rebuild', rotated(commands, RUNS), ['wallMs', 'cpuMs']);
}
if (MEASURES.has('uncached')) {
  const commands = commandsFor(['--no-cache', context(WORK)]);
  report('uncached build', rotated(commands, RUNS), ['wallMs']);
}
if (MEASURES.has('startup')) {
  const commands = { floor: () => run('node', ['-e', '0']) };
  for (const [name, cli] of Object.entries(clis)) commands[name] = () => run('node', [cli, 'build', '--help']);
  const m = rotated(commands, Math.max(RUNS, 15));
  const cells = Object.keys(clis).map((name) => `${name} +${median(m[name].map((x, i) => x.wallMs - m.floor[i].wallMs)).toFixed(0)} ms`);
  process.stdout.write(`build --help over node -e 0: ${cells.join(' | ')}\n`);
}
