import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// Real directories on disk for context scans; each test cleans up its own.

/** Creates a temp dir holding `files` (path -> contents) and returns its path. */
export async function makeTree(files: Record<string, string | Buffer>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'buildlens-ctx-'));
  for (const [path, contents] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), contents);
  }
  return root;
}

/** Removes a tree made by makeTree. */
export async function removeTree(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
}
