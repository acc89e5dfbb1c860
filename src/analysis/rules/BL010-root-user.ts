import { finalStage } from '../../dockerfile/model.js';
import type { Rule } from '../input.js';

/** BL010: the final stage runs as root. */
export const BL010: Rule = {
  id: 'BL010',
  title: 'the image runs as root',
  severity: 'info',
  explanation:
    'Without a USER instruction a container runs as root; a process that is compromised then has root in the container and more room to escape it. Create an unprivileged user in the final stage and switch to it after the steps that need root.',
  fix: 'RUN useradd --system --uid 10001 app\nUSER app',
  check(input) {
    const stage = finalStage(input.dockerfile, input.report.build.target);
    if (!stage) return [];
    const users = stage.instructions.filter((i) => i.keyword === 'USER');
    const last = users[users.length - 1];
    const name = last?.args.trim().split(':')[0];
    if (last && name !== 'root' && name !== '0') return [];
    const line = last?.line ?? stage.fromLine;
    return [{
      rule: 'BL010',
      severity: 'info' as const,
      line,
      endLine: last?.endLine ?? line,
      message: last ? 'the final stage switches to root and never away from it' : 'the final stage has no USER: the container runs as root',
      evidence: { user: name ?? null },
    }];
  },
};
