import { bytes } from '../../core/format.js';
import { copiesWholeContext } from '../../dockerfile/instruction-args.js';
import type { Rule } from '../input.js';

/** BL008: a build context larger than needed (heavy directories sent, weak .dockerignore). */
export const BL008: Rule = {
  id: 'BL008',
  title: 'build context larger than needed',
  severity: 'warning',
  explanation:
    'Everything in the build context that .dockerignore does not exclude is read and sent to the builder before the build starts, and `COPY . .` puts it in the image. Version-control data, installed dependencies and build outputs are rarely needed: list them in .dockerignore.',
  fix: '# .dockerignore\n.git\nnode_modules\ndist\ncoverage\n.env',
  check(input) {
    const context = input.context;
    if (!context) return [];
    const heavy = context.heavy.filter((h) => h.bytes >= input.config.thresholds.minContextBytes);
    const weak = !context.dockerignore && context.bytes >= 10 * input.config.thresholds.minContextBytes;
    if (heavy.length === 0 && !weak) return [];
    const copy = input.dockerfile.stages.flatMap((s) => s.instructions).find(copiesWholeContext);
    const line = copy?.line ?? input.dockerfile.stages[0]?.fromLine ?? 1;
    const saving = heavy.reduce((n, h) => n + h.bytes, 0);
    const what = heavy.length ? `${heavy.map((h) => `${h.path} ${bytes(h.bytes)}`).join(', ')} sent` : `${bytes(context.bytes)} sent`;
    const finding = {
      rule: 'BL008' as const,
      severity: 'warning' as const,
      line,
      endLine: copy?.endLine ?? line,
      message: `the build context is ${bytes(context.bytes)} (${context.files} files): ${what}${context.dockerignore ? '' : ', and there is no .dockerignore'}`,
      evidence: { contextBytes: context.bytes, files: context.files, dockerignore: context.dockerignore, heavy },
    };
    return [saving > 0 ? { ...finding, savingsBytes: saving } : finding];
  },
};
