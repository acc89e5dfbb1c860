// An instruction's text with whitespace collapsed: the key under which
// buildlens's build records keep which instructions re-ran, and under which
// rules look that history up. One definition, so both sides always agree.

/** The normalised text of an instruction. */
export function instructionKey(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
