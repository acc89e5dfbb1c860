// Builds measured three ways on one builder, in paired rounds: buildlens
// build, the floor (bench/floor.mjs: Node spawning buildx, nothing else) and
// plain `docker buildx build`, all with the same buildx arguments.
import { join } from 'node:path';
import { medianOf, pairedRatio, rounds, run } from './measure.mjs';

/** The three commands of a build with these buildx arguments, on a builder, as thunks for rounds(). */
export function buildCommands(paths, builder, env, buildxArgs) {
  const args = [...builder.builderArgs, ...(builder.platforms.length ? ['--platform', builder.platforms.join(',')] : []), ...buildxArgs];
  return {
    buildlens: () => run('node', [paths.cli, 'build', ...args], { env }),
    floor: () => run('node', [paths.floor, ...args], { env }),
    buildx: () => run('docker', ['buildx', 'build', ...args], { env }),
  };
}

/** A fully cached rebuild (warmed first): rows for wall time and CPU time. */
export function cachedRebuild(paths, builder, env, dir, runs) {
  const commands = buildCommands(paths, builder, env, [dir]);
  // Warm every path once: the build cache, buildlens's records and layer cache, the OS's file cache.
  for (const warm of Object.values(commands)) warm();
  const m = rounds(commands, runs);
  return [
    row('cached rebuild, small two-stage project: wall', m, 'wallMs', { max: 1.2 }),
    row('cached rebuild, small two-stage project: CPU (user+sys)', m, 'cpuMs', { max: 1.5 }),
  ];
}

/** An uncached build (--no-cache for all three) of over five seconds: a row for wall time. */
export function uncachedBuild(paths, builder, env, dir, runs) {
  const commands = buildCommands(paths, builder, env, ['--no-cache', dir]);
  commands.buildlens();
  const m = rounds(commands, runs);
  const r = row('uncached build of over 5 s (--no-cache): wall', m, 'wallMs', { max: 1.03 });
  if (medianOf(m.buildx, 'wallMs') < 5000) r.measure += ' [buildx took under 5 s here]';
  return [r];
}

// One table row from three commands' measurements of one field.
function row(measure, m, field, target) {
  const ratio = pairedRatio(m.buildlens, m.floor, field);
  return {
    measure,
    buildlens: medianOf(m.buildlens, field),
    floor: medianOf(m.floor, field),
    buildx: medianOf(m.buildx, field),
    unit: 'ms',
    ratio: ratio.toFixed(3),
    target: `≤ ${target.max.toFixed(2)}× floor`,
    met: ratio <= target.max,
  };
}

/** Paths the commands need. */
export function benchPaths(root, cli = join(root, 'dist', 'cli.js')) {
  return { cli, floor: join(root, 'bench', 'floor.mjs') };
}
