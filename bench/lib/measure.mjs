// Running a command once and measuring it: wall time (from here), CPU time
// (user + sys of its whole process tree, as the kernel accounts reaped
// children) and peak RSS (the largest single process of the tree), both from
// GNU time. Every command of a comparison pays the same /usr/bin/time, so it
// cancels out of the ratios.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const scratch = mkdtempSync(join(tmpdir(), 'buildlens-bench-time-'));
const timeFile = join(scratch, 'rusage');
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/** Runs `cmd args` to completion; throws on a non-zero exit unless allowFail. */
export function run(cmd, args, opts = {}) {
  const { allowFail, ...spawnOpts } = opts;
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', timeFile, cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...spawnOpts,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0 && !allowFail) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}): ${(r.stderr ?? '').slice(-2000)}`);
  }
  // GNU time writes "Command exited with non-zero status N" first when it fails.
  const [user, sys, rssKB] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { wallMs, cpuMs: (user + sys) * 1000, rssBytes: rssKB * 1024, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The median of numbers (the upper middle of an even count). */
export function median(xs) {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

/**
 * Runs each named command `runs` times, one round at a time, the order of
 * the commands reversed every other round so neither side of a pair always
 * runs first (onto a cache the other warmed, or a CPU the other left busy).
 * Returns per name the list of measurements, in round order.
 */
export function rounds(commands, runs) {
  const names = Object.keys(commands);
  const out = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < runs; i++) {
    for (const name of i % 2 === 0 ? names : [...names].reverse()) out[name].push(commands[name]());
  }
  return out;
}

/** The median of per-round ratios a[i] / b[i] of one field. */
export function pairedRatio(a, b, field) {
  return median(a.map((m, i) => m[field] / b[i][field]));
}

/** The median of per-round differences a[i] - b[i] of one field. */
export function pairedDifference(a, b, field) {
  return median(a.map((m, i) => m[field] - b[i][field]));
}

/** The median of one field. */
export function medianOf(ms, field) {
  return median(ms.map((m) => m[field]));
}
