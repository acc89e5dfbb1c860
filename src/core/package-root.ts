import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The directory holding buildlens's package.json. Modules live in src/ (tests),
// or bundled in dist/ and dist/chunks/, so this walks up instead of assuming
// a fixed depth.

let cached: string | undefined;

/** buildlens's package root (where package.json, proto/ and dist/ are). */
export function packageRoot(): string {
  if (cached !== undefined) return cached;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'proto'))) return (cached = dir);
    if (dirname(dir) === dir) return (cached = dirname(start));
  }
}
