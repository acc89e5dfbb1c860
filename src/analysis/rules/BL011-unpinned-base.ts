import { splitImage } from '../../dockerfile/model.js';
import type { DfInstruction } from '../../dockerfile/model.js';
import type { Finding } from '../../model/report.js';
import type { Rule } from '../input.js';

// Tags that name a channel, not a release: the image behind them changes
// whenever the channel moves (node:lts went from 18 to 20 to 22 under the
// same Dockerfile). Only the part before the first '-' is the version
// ("lts-alpine", "18-slim", "stable-alpine"); a bare major ("18", "18-slim")
// moves with every minor release.
const CHANNELS = new Set(['latest', 'lts', 'current', 'stable', 'mainline', 'edge', 'alpine', 'slim', 'rolling', 'nightly']);

/** Why a tag moves, or undefined for a tag that names a release. */
export function floatingTag(tag: string | undefined): string | undefined {
  if (tag === undefined) return 'no tag means latest';
  const version = tag.split('-')[0]?.toLowerCase() ?? '';
  if (CHANNELS.has(version)) return `"${tag}" follows the ${version} channel`;
  if (/^v?\d+$/.test(version)) return `"${tag}" names only a major version`;
  return undefined;
}

function finding(line: number, endLine: number, ref: string, image: string, tag: string | undefined, why: string): Finding {
  return {
    rule: 'BL011',
    severity: 'info',
    line,
    endLine,
    message: `${ref} is not pinned (${why}): the same Dockerfile builds on another image when it moves; name a release tag or a digest`,
    evidence: { image, tag: tag ?? null },
  };
}

// The image a `COPY --from=<image>` reads, when it names an image rather than a stage.
function copiedImage(i: DfInstruction, stages: string[]): string | undefined {
  const from = i.keyword === 'COPY' || i.keyword === 'ADD' ? i.flags.from : undefined;
  if (!from || /^\d+$/.test(from) || stages.includes(from.toLowerCase()) || from.includes('$')) return undefined;
  return from;
}

/** BL011: a base image (or an image COPY --from reads) whose tag moves: none, latest, a channel, a bare major. */
export const BL011: Rule = {
  id: 'BL011',
  title: 'base image not pinned',
  severity: 'info',
  explanation:
    'A tag that names a channel (`latest`, `lts`, `stable`, `alpine`) or only a major version (`node:20`) moves: the same Dockerfile builds on a different image next month, and every move invalidates the cache of every step. The same holds for an image `COPY --from=` reads. Pin a release tag, or a digest for full reproducibility.',
  fix: '# before\nFROM node:lts\n# after\nFROM node:22.11-bookworm-slim',
  check(input) {
    const findings: Finding[] = [];
    // Only what this build used: a stage the target does not need pulls nothing (no step data: judge every line).
    const built = new Set(input.report.steps.map((s) => s.line));
    const used = (line: number) => built.size === 0 || built.has(line);
    const stageNames = input.dockerfile.stages.flatMap((s) => [s.name, ...(s.alias ? [s.alias] : [])]);
    for (const stage of input.dockerfile.stages) {
      const { image, tag, digest, stageRef } = stage.from;
      if (stageRef || image === 'scratch' || digest || image.includes('$') || !used(stage.fromLine)) continue;
      const why = floatingTag(tag);
      if (why) findings.push(finding(stage.fromLine, stage.fromLine, `${image}${tag ? `:${tag}` : ''}`, image, tag, why));
    }
    for (const i of input.dockerfile.stages.flatMap((s) => s.instructions)) {
      const ref = copiedImage(i, stageNames);
      if (!ref || !used(i.line)) continue;
      const { image, tag, digest } = splitImage(ref);
      const why = digest ? undefined : floatingTag(tag);
      if (why) findings.push(finding(i.line, i.endLine, ref, image, tag, why));
    }
    return findings;
  },
};
