import { userOf } from '../../dockerfile/instruction-args.js';
import { finalStage, stageLineage } from '../../dockerfile/model.js';
import type { Rule } from '../input.js';

/** BL010: the final stage runs as root. */
export const BL010: Rule = {
  id: 'BL010',
  title: 'the image runs as root',
  severity: 'info',
  explanation:
    'Without a USER instruction a container runs as root; a process that is compromised then has root in the container and more room ' +
    'to escape it. Create an unprivileged user in the final stage and switch to it after the steps that need root.',
  fix: 'RUN useradd --system --uid 10001 app\nUSER app',
  check(input) {
    const stage = finalStage(input.dockerfile, input.report.build.target);
    if (!stage) return [];
    // USER carries over `FROM <stage>`: the last USER along the lineage is the one in force.
    const lineage = stageLineage(input.dockerfile, stage);
    const last = lineage.map((s) => s.instructions.filter((i) => i.keyword === 'USER').at(-1)).find((u) => u !== undefined);
    const name = last ? userOf(last) : undefined;
    if (last && name !== 'root' && name !== '0') return [];
    // Report where it can be fixed: in the final stage, at its last USER root, else at its FROM.
    const own = last && last.stage === stage.index ? last : undefined;
    return [
      {
        rule: 'BL010' as const,
        severity: 'info' as const,
        line: own?.line ?? stage.fromLine,
        endLine: own?.endLine ?? stage.fromLine,
        message: last
          ? `the final stage switches to root (line ${last.line}) and never away from it`
          : 'the final stage has no USER: the container runs as root',
        evidence: { user: name ?? null },
      },
    ];
  },
};
