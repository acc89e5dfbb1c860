// The per-installation HMAC key behind build-arg fingerprints: a changed
// value can be detected across builds while the value itself is never stored,
// and a fingerprint cannot be brute-forced without this key (mode 0600).
import { createHmac, randomBytes } from 'node:crypto';
import { chmod, link, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from '../context/errno.js';
import { syncDirectory, writeTempFile } from '../core/atomic-write.js';

const KEY_FILE = 'key';
const KEY_PATTERN = /^[0-9a-f]{64}$/;

/** Prefix of every fingerprint, so a stored raw value can never pass for one. */
export const FINGERPRINT_PREFIX = 'hmac-sha256:';

/** Matches a well-formed fingerprint. */
export const FINGERPRINT_PATTERN = /^hmac-sha256:[0-9a-f]{64}$/;

/** HMAC-SHA256 of a value under the installation key, as "hmac-sha256:<hex>". */
export function fingerprintWith(key: Buffer, value: string): string {
  return FINGERPRINT_PREFIX + createHmac('sha256', key).update(value, 'utf8').digest('hex');
}

async function readKey(path: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  if (!KEY_PATTERN.test(text)) return undefined;
  // Tighten a key file someone loosened; a readable key makes fingerprints guessable.
  if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  return Buffer.from(text, 'hex');
}

/** Reads the installation key, creating it on first use; concurrent first uses agree on one key. */
export async function loadOrCreateKey(dir: string): Promise<Buffer> {
  const path = join(dir, KEY_FILE);
  const existing = await readKey(path);
  if (existing) return existing;
  const temp = await writeTempFile(path, randomBytes(32).toString('hex'), 0o600);
  try {
    // link() fails if the name exists, so only the first of racing processes wins
    // and the rest adopt its key; a corrupt key file is replaced outright.
    await link(temp, path);
  } catch (error) {
    if (errnoCode(error) !== 'EEXIST') throw error;
    const winner = await readKey(path);
    if (winner) return winner;
    await rename(temp, path);
  } finally {
    await rm(temp, { force: true });
  }
  await syncDirectory(dir);
  const key = await readKey(path);
  if (!key) throw new Error(`state key ${path} is unreadable after being written`);
  return key;
}
