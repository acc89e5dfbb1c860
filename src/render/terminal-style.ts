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

/** Cuts plain text to `width` characters with an ellipsis (colour is applied after fitting, so codes never get cut). */
export function fit(text: string, width: number): string {
  const chars = [...text];
  return chars.length > width ? `${chars.slice(0, Math.max(1, width - 1)).join('')}…` : text;
}
