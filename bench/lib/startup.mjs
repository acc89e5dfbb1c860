// Start-up: `buildlens --help` and `buildlens build --help` against
// `node -e 0`, Node's own start, in paired rounds; the paired median of the
// difference is what buildlens adds.
import { medianOf, pairedDifference, rounds, run } from './measure.mjs';

const ALLOWANCE_MS = 40;

/** Rows for both helps. */
export function startupRows(paths, runs) {
  const m = rounds(
    {
      node: () => run('node', ['-e', '0']),
      help: () => run('node', [paths.cli, '--help']),
      buildHelp: () => run('node', [paths.cli, 'build', '--help']),
      buildxHelp: () => run('docker', ['buildx', 'build', '--help']),
    },
    runs,
  );
  return [
    ['buildlens --help', m.help],
    ['buildlens build --help', m.buildHelp],
  ].map(([measure, ms]) => {
    const extra = pairedDifference(ms, m.node, 'wallMs');
    return {
      measure: `${measure} (floor: node -e 0; buildx: docker buildx build --help)`,
      buildlens: medianOf(ms, 'wallMs'),
      floor: medianOf(m.node, 'wallMs'),
      buildx: medianOf(m.buildxHelp, 'wallMs'),
      unit: 'ms',
      ratio: `+${extra.toFixed(0)} ms`,
      target: `≤ node -e 0 + ${ALLOWANCE_MS} ms`,
      met: extra <= ALLOWANCE_MS,
    };
  });
}
