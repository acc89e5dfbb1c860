// Colours for the terminal summary: escape codes only when asked for (a TTY),
// so CI logs and report.txt stay plain.

/** Wrappers that colour text, or return it untouched when colour is off. */
export interface Style {
  bold(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
}

/** A style that colours when `enabled`. */
export function style(enabled: boolean): Style {
  const wrap = (code: string) => (text: string) => (enabled && text ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { bold: wrap('1'), red: wrap('31'), yellow: wrap('33'), green: wrap('32'), cyan: wrap('36'), dim: wrap('2') };
}

/**
 * Fits plain text to `width` columns by wrapping at spaces, continuation lines
 * indented under the first; nothing is ever cut (an exit code or the command
 * to run next sits at the end of a line). An infinite width (not a terminal)
 * leaves the text as it is. Colour is applied after fitting, so codes never
 * count toward the width.
 */
export function fit(text: string, width: number): string {
  let chars = [...text];
  if (!Number.isFinite(width) || chars.length <= width) return text;
  const lead = /^\s*/.exec(text)?.[0] ?? '';
  const indent = lead.length + 2 < width / 2 ? `${lead}  ` : '';
  const out: string[] = [];
  while (chars.length > width) {
    let cut = chars.lastIndexOf(' ', width);
    if (cut <= indent.length) cut = width;
    out.push(chars.slice(0, cut).join('').trimEnd());
    chars = [...indent, ...chars.slice(cut).join('').trimStart()];
  }
  out.push(chars.join(''));
  return out.join('\n');
}
