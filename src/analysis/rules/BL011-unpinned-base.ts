import type { Rule } from '../input.js';

/** BL011: a base image without a tag, or tagged latest. */
export const BL011: Rule = {
  id: 'BL011',
  title: 'base image not pinned',
  severity: 'info',
  explanation:
    'An image without a tag means `latest`, which moves: the same Dockerfile builds something different next month, and every move invalidates the cache of every step. Pin a version tag, or a digest for full reproducibility.',
  fix: '# before\nFROM node\n# after\nFROM node:20.11-bookworm-slim',
  check(input) {
    const findings = [];
    for (const stage of input.dockerfile.stages) {
      const { image, tag, digest, stageRef } = stage.from;
      if (stageRef || image === 'scratch' || digest || image.includes('$')) continue;
      if (tag && tag !== 'latest') continue;
      findings.push({
        rule: 'BL011' as const,
        severity: 'info' as const,
        line: stage.fromLine,
        endLine: stage.fromLine,
        message: `${image}${tag ? ':latest' : ''} is not pinned: name a version tag (or a digest)`,
        evidence: { image, tag: tag ?? null },
      });
    }
    return findings;
  },
};
