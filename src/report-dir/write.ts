// Writes cache-inputs.json into a report directory, atomically like the
// report files beside it, after validating it against its own schema.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { CACHE_INPUTS_FILE, cacheInputsSchema, type CacheInputs } from './cache-inputs.js';

/** Writes `inputs` as DIR/cache-inputs.json and returns its path. */
export async function writeCacheInputs(dir: string, inputs: CacheInputs): Promise<string> {
  const checked = cacheInputsSchema.safeParse(inputs);
  if (!checked.success) {
    // Field paths only: the values could be what must not be written.
    const fields = checked.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`internal error: cache inputs of ${inputs.ref} are invalid (${fields})`);
  }
  await mkdir(dir, { recursive: true });
  const path = join(dir, CACHE_INPUTS_FILE);
  await writeFileAtomic(path, `${JSON.stringify(checked.data, null, 1)}\n`, { mode: 0o644 });
  return path;
}

/** Writes this build's cache inputs, or removes an earlier build's when there are none (one build per directory); returns the path written. */
export async function keepCacheInputs(dir: string, inputs: CacheInputs | undefined): Promise<string | undefined> {
  if (inputs) return writeCacheInputs(dir, inputs);
  await rm(join(dir, CACHE_INPUTS_FILE), { force: true });
  return undefined;
}
