import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openImage } from '../../src/image/index.js';
import { sha256Of, tarEntries } from './support.js';

// An engine with the classic image store (scripts/old-engine.sh: dockerd
// 20.10, overlay2) has no content store to read in place: its images come
// through `docker save`, whose output there is the older docker-archive
// layout (<id>/layer.tar, uncompressed, the config as <id>.json). The
// busybox fixture the script loads into it is the one the default engine
// has, so both must give the same layers.

const SCRIPT = fileURLToPath(new URL('../../scripts/old-engine.sh', import.meta.url));
const TAG = 'buildlens-fixture/busybox:1';
let host: string;
let startedHere = false;

function oldEngine(command: 'start' | 'stop' | 'status'): string {
  return execFileSync('bash', [SCRIPT, command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
}

beforeAll(() => {
  let running = true;
  try {
    oldEngine('status');
  } catch {
    running = false;
  }
  const started = oldEngine('start');
  startedHere = !running;
  host = /^DOCKER_HOST=(\S+)$/m.exec(started)?.[1] ?? '';
  if (!host) throw new Error(`old-engine.sh start printed no DOCKER_HOST: ${started}`);
}, 600_000);

afterAll(() => {
  if (startedHere) oldEngine('stop');
});

describe('an engine with the classic image store', () => {
  it('gives its image through docker save, layer for layer as the containerd store does', async () => {
    const classic = await openImage(TAG, { env: { ...process.env, DOCKER_HOST: host } });
    const current = await openImage(TAG);
    try {
      expect(classic.readOrder).toBeDefined();
      expect(current.readOrder).toBeUndefined();
      expect(classic.layers.map((l) => l.diffId)).toEqual(current.layers.map((l) => l.diffId));
      // The classic store saves layers uncompressed: the blob is the diff.
      expect(classic.layers.map((l) => [l.compression, l.digest])).toEqual(classic.layers.map((l) => ['none', l.diffId]));
      for (const index of classic.readOrder ?? []) {
        const layer = classic.layers[index]!;
        expect(await sha256Of(await layer.open())).toBe(layer.diffId);
      }
      expect(classic.layers.map((l) => l.history.entry?.created_by)).toEqual(current.layers.map((l) => l.history.entry?.created_by));
    } finally {
      await classic.close();
      await current.close();
    }
  });

  it('writes the older docker-archive layout, which reads as the same image', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'buildlens-classic-')), 'save.tar');
    execFileSync('docker', ['image', 'save', TAG, '-o', file], { env: { ...process.env, DOCKER_HOST: host } });
    const saved = await openImage(`docker-archive:${file}`);
    try {
      const names = (await tarEntries(createReadStream(file))).map((e) => e.name);
      expect(names.some((name) => /^[0-9a-f]{64}\/layer\.tar$/.test(name))).toBe(true);
      expect(names).not.toContain('index.json');
      for (const layer of saved.layers) expect(await sha256Of(await layer.open())).toBe(layer.diffId);
    } finally {
      await saved.close();
    }
  });
});
