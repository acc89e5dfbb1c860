import { RULES } from '../analysis/rules/index.js';

// `buildlens explain [BL0xx|BK/RuleName]`: what a rule finds, why it matters,
// how to fix it. BuildKit's own checks are documented by Docker: explain
// points there and says how to silence one.

/** The explanation of one rule, or the list of all rules; undefined for an unknown id. */
export function renderExplain(id?: string): string | undefined {
  if (!id)
    return (
      `${RULES.map((r) => `${r.id}  ${r.severity.padEnd(7)}  ${r.title}`).join('\n')}\n\nbuildlens explain BL0xx tells more about ` +
      `one; BK/<RuleName> findings are BuildKit's own build checks.\n`
    );
  const check = /^BK\/([A-Z][A-Za-z0-9]*)$/i.exec(id);
  if (check?.[1]) return explainBuildCheck(check[1]);
  const rule = RULES.find((r) => r.id === id.toUpperCase());
  if (!rule) return undefined;
  return `${rule.id}: ${rule.title} (${rule.severity})\n\n${rule.explanation}\n\nFix:\n${rule.fix
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n\nSilence it for one instruction with a comment line directly above it:\n    # buildlens-ignore ${rule.id}\n`;
}

// Docker documents each check at /go/dockerfile/rule/<kebab-case name>/.
function explainBuildCheck(name: string): string {
  const slug = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
  return (
    `BK/${name}: BuildKit's own build check ${name} (warning)\n\n` +
    `BuildKit's Dockerfile frontend ran this check while building and reported it; buildlens shows it on its line.\n` +
    `Docker documents it at https://docs.docker.com/go/dockerfile/rule/${slug}/\n\n` +
    `Silence it for the whole Dockerfile with its first line:\n    # check=skip=${name}\n` +
    `or only in buildlens's report, for one instruction, with a comment line directly above it:\n    # buildlens-ignore BK/${name}\n`
  );
}
