import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { z } from 'zod';

// Direct access to the engine, bypassing buildlens: plain buildx builds to
// compare against, image checks, and removal of the images tests tag.

const tagged: string[] = [];

// A fresh image reference under buildlens-test/ (removed after the test file: image-cleanup.ts).
export function uniqueTag(name = 'e2e'): string {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const tag = `buildlens-test/${name.toLowerCase().replace(/[^a-z0-9._-]/g, '-')}:${suffix}`;
  tagged.push(tag);
  return tag;
}

// Whether the engine has an image by that reference.
export async function dockerImageExists(tag: string): Promise<boolean> {
  return (await execa('docker', ['image', 'inspect', tag], { reject: false, stdin: 'ignore' })).exitCode === 0;
}

// Removes the images uniqueTag() handed out in this test file (missing ones are fine).
export async function removeTaggedImages(): Promise<void> {
  const tags = tagged.splice(0);
  if (tags.length > 0) await execa('docker', ['image', 'rm', '--force', ...tags], { reject: false, stdin: 'ignore' });
}

// What a plain `docker buildx build` produced; ref is the builder's history ref.
export interface BuildxResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  ref: string | undefined;
  durationMs: number;
  // The temp dir that held --metadata-file; removed before this returns.
  metadataDir: string;
}

const metadataSchema = z.object({ 'buildx.build.ref': z.string() }).loose();

// Runs plain `docker buildx build ...args` (add the context yourself). The
// --metadata-file that tells the history ref goes to its own temp dir: inside
// the context it would change the context and break cache checks.
export async function buildxBuild(args: readonly string[]): Promise<BuildxResult> {
  const metadataDir = await mkdtemp(join(tmpdir(), 'e2e-buildx-meta-'));
  try {
    const metadataFile = join(metadataDir, 'metadata.json');
    const started = Date.now();
    const result = await execa('docker', ['buildx', 'build', '--metadata-file', metadataFile, ...args], {
      reject: false,
      stdin: 'ignore',
    });
    const durationMs = Date.now() - started;
    let ref: string | undefined;
    if (result.exitCode === 0) {
      const parsed = metadataSchema.parse(JSON.parse(await readFile(metadataFile, 'utf8')));
      // buildx writes builder/node/ref; the history API knows only the last part.
      ref = parsed['buildx.build.ref'].split('/').pop();
    }
    return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr, ref, durationMs, metadataDir };
  } finally {
    await rm(metadataDir, { recursive: true, force: true });
  }
}
