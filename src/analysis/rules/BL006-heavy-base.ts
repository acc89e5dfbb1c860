import { bytes } from '../../core/format.js';
import { baseImageStage } from '../base-stage.js';
import type { Rule } from '../input.js';

const SLIM = /(slim|alpine|distroless|scratch|minimal|micro|busybox|chiseled)/i;

/** BL006: the base image dominates the final image while a slimmer variant would do. */
export const BL006: Rule = {
  id: 'BL006',
  title: 'a heavy base image dominates the final image',
  severity: 'info',
  explanation:
    'When most of an image is its base, the base is where size is won. Official images come in slim, alpine and distroless variants; a ' +
    'binary that links statically can start from scratch. Check that your program runs on the slimmer variant before switching.',
  fix: '# before\nFROM node:20\n# after\nFROM node:20-slim',
  wholeImage: true,
  check(input) {
    const image = input.report.image;
    // `FROM development AS dev-envs` stands on development's base: judge (and report at) that FROM.
    const stage = baseImageStage(input);
    if (!image || !stage) return [];
    const base = image.layers.filter((l) => l.base).reduce((n, l) => n + l.uncompressedSize, 0);
    const share = image.uncompressedSize === 0 ? 0 : base / image.uncompressedSize;
    const ref = `${stage.from.image}${stage.from.tag ? `:${stage.from.tag}` : ''}`;
    if (share < input.config.thresholds.heavyBaseShare || base < input.config.thresholds.heavyBaseBytes || SLIM.test(ref)) return [];
    return [
      {
        rule: 'BL006',
        severity: 'info' as const,
        line: stage.fromLine,
        endLine: stage.fromLine,
        message:
          `the base image ${ref} is ${bytes(base)}, ${Math.round(share * 100)}% of the final image: a slim, alpine or ` +
          `distroless variant may fit`,
        evidence: { baseBytes: base, imageBytes: image.uncompressedSize, share },
      },
    ];
  },
};
