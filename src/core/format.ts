import prettyBytes from 'pretty-bytes';

// Small formatting helpers shared by the text reporters.

/** Bytes for people: "24.1 MB". */
export function bytes(n: number): string {
  return prettyBytes(n);
}

/** Milliseconds for people: "850ms", "4.2s", "2m 05s". */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  // Rounded to whole seconds first, so 119.6 s reads "2m 00s", not "1m 60s".
  const total = Math.round(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
}

/** First line of an instruction, shortened to `width` characters. */
export function oneLine(text: string, width: number): string {
  const first = text.split('\n')[0] ?? '';
  const flat = text.includes('\n') ? `${first.replace(/\s*\\\s*$/, '')} …` : first;
  return flat.length > width ? `${flat.slice(0, Math.max(1, width - 1))}…` : flat;
}

/** "line 4" or "lines 4-6". */
export function lines(line: number, endLine: number): string {
  return endLine > line ? `lines ${line}-${endLine}` : `line ${line}`;
}
