// Reading the rendered page without a DOM library: attribute values are
// always escaped by the renderer, so an opening tag never holds a raw `>`.

// The opening tags carrying data-testid="testid", as attribute maps, in page order.
export function tagsWithTestId(html: string, testid: string): Array<Record<string, string>> {
  const tags = html.match(new RegExp(`<[a-z]+\\b[^>]*\\bdata-testid="${testid}"[^>]*>`, 'g')) ?? [];
  return tags.map((tag) => Object.fromEntries([...tag.matchAll(/([a-z-]+)="([^"]*)"/g)].map((m) => [m[1] ?? '', m[2] ?? ''])));
}

// The markup from the opening tag with data-testid=testid and data-line=line up to the next element with that testid.
export function chunkFor(html: string, testid: string, line: number): string {
  const start = html.search(new RegExp(`<[a-z]+\\b[^>]*data-testid="${testid}"[^>]*data-line="${line}"`));
  if (start < 0) return '';
  const next = html.indexOf(`data-testid="${testid}"`, html.indexOf('>', start));
  return html.slice(start, next < 0 ? undefined : next);
}
