import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import { extract } from 'tar-stream';

// The image fixtures scripts/image-fixtures.sh makes from the local engine
// (once; later calls return at once), and small readers of layer tars.

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The fixture directory, made when missing or out of date (needs the engine). */
export function imageFixtures(): string {
  const dir = `${root}test-artifacts/image-fixtures`;
  execFileSync('bash', [`${root}scripts/image-fixtures.sh`, dir], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 });
  return dir;
}

/** sha256 of everything a stream yields, as a digest. */
export async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

/** Entry names and sizes of a tar stream, in order. */
export async function tarEntries(stream: Readable): Promise<Array<{ name: string; size: number; type: string }>> {
  const entries: Array<{ name: string; size: number; type: string }> = [];
  const tar = extract();
  stream.pipe(tar);
  for await (const entry of tar) {
    entries.push({ name: entry.header.name, size: entry.header.size ?? 0, type: entry.header.type ?? 'unknown' });
    entry.resume();
  }
  return entries;
}
