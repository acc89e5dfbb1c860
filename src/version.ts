import { readFileSync } from 'node:fs';

// The package version, read once from package.json next to dist/ or src/.

let cached: string | undefined;

/** buildlens's own version. */
export function toolVersion(): string {
  if (cached === undefined) {
    try {
      const pkg: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
      cached = typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : '0.0.0';
    } catch {
      cached = '0.0.0';
    }
  }
  return cached;
}
