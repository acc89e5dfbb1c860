import { RULES } from '../analysis/rules/index.js';

// `buildlens explain [BL0xx]`: what a rule finds, why it matters, how to fix it.

/** The explanation of one rule, or the list of all rules; undefined for an unknown id. */
export function renderExplain(id?: string): string | undefined {
  if (!id) return `${RULES.map((r) => `${r.id}  ${r.severity.padEnd(7)}  ${r.title}`).join('\n')}\n\nbuildlens explain BL0xx tells more about one.\n`;
  const rule = RULES.find((r) => r.id === id.toUpperCase());
  if (!rule) return undefined;
  return `${rule.id}: ${rule.title} (${rule.severity})\n\n${rule.explanation}\n\nFix:\n${rule.fix.split('\n').map((l) => `    ${l}`).join('\n')}\n\nSilence it for one instruction with a comment line directly above it:\n    # buildlens-ignore ${rule.id}\n`;
}
