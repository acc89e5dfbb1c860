import { execa } from 'execa';
import { afterAll } from 'vitest';
import { removeTaggedImages } from './docker.js';

// Set up before every engine test file (vitest setupFiles): after the file,
// the images it made on the default engine are removed, so a run does not
// fill the disk. `buildlens build .` without -t leaves an untagged (dangling)
// image per build, about a hundred in a run, one of them 2 GB unpacked.
// Only dangling images created since this file started go: the engine's
// other images, and any in use by a container, stay.

const started = Date.now();
// Image creation times come from the engine's clock, in whole seconds.
const SKEW_MS = 2_000;

async function docker(args: readonly string[]) {
  return execa('docker', args, { reject: false, stdin: 'ignore' });
}

async function removeDanglingImagesSince(since: number): Promise<void> {
  const ids = (await docker(['image', 'ls', '--filter', 'dangling=true', '--no-trunc', '--quiet'])).stdout.split('\n').filter(Boolean);
  if (ids.length === 0) return;
  // A fully cached build gives the image an earlier build made, with that
  // build's Created: LastTagTime is when this engine last stored it.
  const inspected = await docker(['image', 'inspect', '--format', '{{.Id}} {{.Created}} {{.Metadata.LastTagTime}}', ...new Set(ids)]);
  const mine = inspected.stdout
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([id, ...times]) => id && times.some((time) => Date.parse(time) >= since - SKEW_MS))
    .map(([id]) => id!);
  // Without --force: an image a container still uses is kept.
  if (mine.length > 0) await docker(['image', 'rm', ...mine]);
}

afterAll(async () => {
  await removeTaggedImages();
  await removeDanglingImagesSince(started);
});
