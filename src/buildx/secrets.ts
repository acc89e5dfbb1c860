import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { errorMessage } from '../core/errors.js';
import { debug } from '../core/log.js';
import type { SecretDigest } from '../model/facts.js';
import type { BuildSecret } from './args.js';

// The content of each `--secret` as a size and a SHA-256, read where buildx
// reads it (the file streamed, or the environment variable), so a file in the
// image with the same bytes can be recognised (BL016). Neither the value nor
// the hash is ever printed or written: the hash is not even enumerable.

// Shorter contents are found in too many files by chance ("true\n").
const MIN_SECRET_BYTES = 8;
// BuildKit refuses larger secrets (secretsprovider.MaxSecretSize).
const MAX_SECRET_BYTES = 500 * 1024;

/** Digests of the secrets that can be read here; an unreadable, tiny or oversized one is left out (buildx says what is wrong with it). */
export async function digestSecrets(
  secrets: readonly BuildSecret[],
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Promise<SecretDigest[]> {
  const out: SecretDigest[] = [];
  for (const secret of secrets) {
    const read = await contentDigest(secret, env, cwd).catch((error: unknown) => {
      debug(`secret ${secret.id}: not read (${errorMessage(error)})`);
      return undefined;
    });
    if (!read || read.size < MIN_SECRET_BYTES || read.size > MAX_SECRET_BYTES) continue;
    const digest = { id: secret.id, size: read.size } as SecretDigest;
    Object.defineProperty(digest, 'sha256', { value: read.sha256, enumerable: false });
    out.push(digest);
  }
  return out;
}

async function contentDigest(
  secret: BuildSecret,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ size: number; sha256: string } | undefined> {
  const hash = createHash('sha256');
  if (secret.env !== undefined) {
    const value = env[secret.env];
    if (value === undefined) return undefined;
    return { size: Buffer.byteLength(value, 'utf8'), sha256: hash.update(value, 'utf8').digest('hex') };
  }
  if (secret.src === undefined) return undefined;
  let size = 0;
  // Streamed, and never past what BuildKit would accept.
  for await (const chunk of createReadStream(resolve(cwd, secret.src), { end: MAX_SECRET_BYTES })) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    hash.update(bytes);
  }
  return { size, sha256: hash.digest('hex') };
}
