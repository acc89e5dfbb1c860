import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { afterAll } from 'vitest';

// Temporary build contexts for e2e tests, removed when the test file ends.

// Prefix of context dirs in os.tmpdir(); deliberately not `buildlens-`, so
// leak checks for the CLI's own temp files never match a test's context.
export const CONTEXT_PREFIX = 'e2e-ctx-';

// File content: text, bytes, or a file of `size` bytes made on the spot
// (big context files are generated, never committed).
export type ContextFile = string | Uint8Array | { size: number; fill?: number };

const made: string[] = [];

// Registered when a test file imports this module (each e2e file gets its own
// module instance), so no test has to remember to clean up.
afterAll(cleanupContexts);

function contentOf(file: ContextFile): string | Uint8Array {
  if (typeof file === 'string' || file instanceof Uint8Array) return file;
  return Buffer.alloc(file.size, file.fill ?? 0x61);
}

// Writes a build context dir from relative paths to contents and returns its path.
export function makeContext(files: Record<string, ContextFile>): string {
  const dir = mkdtempSync(join(tmpdir(), CONTEXT_PREFIX));
  made.push(dir);
  for (const [path, file] of Object.entries(files)) {
    const rel = normalize(path);
    if (isAbsolute(rel) || rel.startsWith('..')) throw new Error(`context path must stay inside the context: ${path}`);
    const target = join(dir, rel);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, contentOf(file));
  }
  return dir;
}

// Removes every context this test file made (idempotent; also runs after the file).
export function cleanupContexts(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
