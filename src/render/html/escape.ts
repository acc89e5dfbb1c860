// Escaping for the HTML report. Every string that comes from a report
// (instructions, messages, paths, stage names) goes through one of these:
// Dockerfile text routinely holds `<`, `&` and quotes.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for element content and quoted attribute values alike. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/**
 * JSON for a `<script type="application/json">` block. `<`, `>` and `&` become
 * \u escapes so no value can spell `</script>` or `<!--` and end the block
 * early; U+2028/2029 are escaped so the text stays valid if ever read as JS.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** An attribute list from a record; undefined and false values are left out. */
export function attrs(values: Record<string, string | number | boolean | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number | true] => entry[1] !== undefined && entry[1] !== false)
    .map(([name, value]) => (value === true ? ` ${name}` : ` ${name}="${esc(value)}"`))
    .join('');
}
