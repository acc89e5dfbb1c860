// `# buildlens-ignore BL003[,BL0xx]` silences rules for the instruction
// directly below, and BuildKit's own checks too (`BK/FromAsCasing`). A
// suppression may sit anywhere in the comment block that touches the
// instruction (people put a "why" comment next to it); a blank line or
// another instruction ends the block.

const IGNORE = /^buildlens-ignore\s+([A-Za-z0-9_,/\s-]+)$/;
const BL_ID = /^BL\d{3}$/i;
const BK_ID = /^BK\/[A-Za-z][A-Za-z0-9]*$/i;

/** Rule ids a comment's text names (BL ids upper case, BK/<RuleName> as written after BK/), or none when it is not a suppression. */
export function ruleIdsOfComment(content: string): string[] {
  const match = IGNORE.exec(content.trim());
  if (!match?.[1]) return [];
  return match[1].split(/[\s,]+/).flatMap((id) => (BL_ID.test(id) ? [id.toUpperCase()] : BK_ID.test(id) ? [`BK/${id.slice(3)}`] : []));
}

/**
 * The rule ids silenced for an instruction starting at `line` (1-based), given
 * the comment lines of the file (1-based line -> comment text).
 */
export function suppressedAbove(line: number, comments: ReadonlyMap<number, string>): string[] {
  const ids: string[] = [];
  for (let above = line - 1; comments.has(above); above--) ids.push(...ruleIdsOfComment(comments.get(above) ?? ''));
  return [...new Set(ids)];
}
