import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContextManifest } from '../../src/context/manifest.js';
import { StateStoreError } from '../../src/build-records/errors.js';
import { openStateStore, type StateStore } from '../../src/build-records/store.js';
import type { BuildRecord } from '../../src/build-records/record.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'buildlens-state-'));
  dirs.push(dir);
  return dir;
}

function record(store: StateStore, overrides: Partial<BuildRecord> = {}): BuildRecord {
  return {
    ref: 'ref1',
    builder: 'default',
    dockerfile: '/src/app/Dockerfile',
    contextDir: '/src/app',
    platforms: ['linux/amd64'],
    startedAt: '2025-01-01T10:00:00.000Z',
    buildArgs: { NODE_VERSION: store.fingerprint('20') },
    noCache: false,
    noCacheFilter: [],
    ...overrides,
  };
}

const manifest: ContextManifest = {
  version: 1,
  entries: [{ path: 'package.json', size: 2, mode: 0o100644, sha256: 'a'.repeat(64) }],
};

describe('state store fingerprints', () => {
  it('gives different fingerprints for different values and the same for equal ones, never containing the value', async () => {
    const store = await openStateStore(await freshDir());
    const secret = 'sk-live-4242424242';
    expect(store.fingerprint(secret)).toBe(store.fingerprint(secret));
    expect(store.fingerprint(secret)).not.toBe(store.fingerprint('sk-live-4242424243'));
    expect(store.fingerprint(secret)).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(store.fingerprint(secret)).not.toContain(secret);
  });

  it('keys fingerprints per installation with a 0600 key file, stable across reopening', async () => {
    const dirA = await freshDir();
    const a = await openStateStore(dirA);
    const b = await openStateStore(await freshDir());
    expect(a.fingerprint('x')).not.toBe(b.fingerprint('x'));
    expect((await openStateStore(dirA)).fingerprint('x')).toBe(a.fingerprint('x'));
    expect((await stat(join(dirA, 'key'))).mode & 0o777).toBe(0o600);
  });

  it('agrees on one key when several stores open a new directory at once', async () => {
    const dir = await freshDir();
    const stores = await Promise.all(Array.from({ length: 8 }, () => openStateStore(dir)));
    expect(new Set(stores.map((s) => s.fingerprint('v'))).size).toBe(1);
  });

  it('refuses to record a raw build-arg value and never writes it to disk', async () => {
    const dir = await freshDir();
    const store = await openStateStore(dir);
    const bad = record(store, { buildArgs: { TOKEN: 'hunter2-raw-value' } });
    await expect(store.recordBuild(bad)).rejects.toThrow(StateStoreError);
    await expect(store.recordBuild(bad)).rejects.not.toThrow(/hunter2/);
    expect(await readdir(join(dir, 'builds'))).toEqual([]);
  });

  it('stores no build-arg value anywhere in the state directory', async () => {
    const dir = await freshDir();
    const store = await openStateStore(dir);
    await store.recordBuild(record(store, { buildArgs: { TOKEN: store.fingerprint('hunter2-raw-value') }, manifest }));
    for (const sub of ['builds', 'manifests']) {
      for (const name of await readdir(join(dir, sub))) {
        expect((await readFile(join(dir, sub, name))).includes('hunter2')).toBe(false);
      }
    }
  });
});

describe('state store records', () => {
  it('returns a recorded build with its manifest, and lists it without', async () => {
    const store = await openStateStore(await freshDir());
    const rec = record(store, { manifest, target: 'prod' });
    await store.recordBuild(rec);
    expect(await store.findRecord('ref1')).toEqual(rec);
    expect(await store.findRecord('other')).toBeUndefined();
    const { manifest: _omitted, ...summary } = rec;
    expect(await store.listRecords()).toEqual([summary]);
  });

  it('keeps manifests gzip-compressed on disk', async () => {
    const dir = await freshDir();
    const store = await openStateStore(dir);
    await store.recordBuild(record(store, { manifest }));
    const [name] = await readdir(join(dir, 'manifests'));
    const bytes = await readFile(join(dir, 'manifests', name ?? ''));
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
  });

  it('ignores a temp file left by a killed writer and a corrupt record', async () => {
    const dir = await freshDir();
    const store = await openStateStore(dir);
    await store.recordBuild(record(store));
    await writeFile(join(dir, 'builds', '.abc.json.123.deadbeef.tmp'), '{"version":1,"rec');
    await writeFile(join(dir, 'builds', 'corrupt.json'), '{"version":1,"record":{"ref":');
    await writeFile(join(dir, 'builds', 'wrong-shape.json'), JSON.stringify({ version: 1, record: { ref: 'x' } }));
    expect((await store.listRecords()).map((r) => r.ref)).toEqual(['ref1']);
    await store.recordBuild(record(store, { ref: 'ref2', startedAt: '2025-01-01T11:00:00.000Z' }));
    expect((await store.listRecords()).map((r) => r.ref)).toEqual(['ref2', 'ref1']);
  });

  it('sweeps temp files abandoned over an hour ago but leaves ones a live writer may own', async () => {
    const dir = await freshDir();
    const store = await openStateStore(dir);
    const stale = join(dir, 'builds', '.x.json.1.aa.tmp');
    const fresh = join(dir, 'builds', '.y.json.2.bb.tmp');
    await writeFile(stale, '{');
    await writeFile(fresh, '{');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(stale, twoHoursAgo, twoHoursAgo);
    await store.recordBuild(record(store));
    const names = await readdir(join(dir, 'builds'));
    expect(names).not.toContain('.x.json.1.aa.tmp');
    expect(names).toContain('.y.json.2.bb.tmp');
  });

  it('still returns a record whose manifest file is damaged, without the manifest', async () => {
    const dir = await freshDir();
    const store = await openStateStore(dir);
    await store.recordBuild(record(store, { manifest }));
    const [name] = await readdir(join(dir, 'manifests'));
    await writeFile(join(dir, 'manifests', name ?? ''), 'not gzip');
    const found = await store.findRecord('ref1');
    expect(found?.ref).toBe('ref1');
    expect(found?.manifest).toBeUndefined();
  });

  it('evicts the oldest builds beyond the record limit', async () => {
    const store = await openStateStore(await freshDir(), { limits: { maxRecords: 3 } });
    for (let hour = 10; hour < 16; hour++) {
      await store.recordBuild(record(store, { ref: `r${hour}`, startedAt: `2025-01-01T${hour}:00:00.000Z` }));
    }
    expect((await store.listRecords()).map((r) => r.ref)).toEqual(['r15', 'r14', 'r13']);
  });

  it('evicts the oldest builds beyond the byte limit, counting their manifests', async () => {
    const dir = await freshDir();
    const big: ContextManifest = {
      version: 1,
      entries: Array.from({ length: 300 }, (_, i) => ({ path: `f${i}`, size: i, mode: 0o100644, sha256: null, mtimeMs: i * 7919 })),
    };
    const store = await openStateStore(dir, { limits: { maxBytes: 24 * 1024 } });
    for (let hour = 10; hour < 20; hour++) {
      await store.recordBuild(record(store, { ref: `r${hour}`, startedAt: `2025-01-01T${hour}:00:00.000Z`, manifest: big }));
    }
    let total = 0;
    for (const sub of ['builds', 'manifests']) {
      for (const name of await readdir(join(dir, sub))) total += (await stat(join(dir, sub, name))).size;
    }
    const refs = (await store.listRecords()).map((r) => r.ref);
    expect(total).toBeLessThanOrEqual(24 * 1024);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.length).toBeLessThan(10);
    expect(refs[0]).toBe('r19');
    expect((await store.findRecord('r19'))?.manifest).toEqual(big);
  });

  it('never shows a partial record file while several processes write at once', { timeout: 30_000 }, async () => {
    const dir = await freshDir();
    const writer = fileURLToPath(new URL('./support/writer.ts', import.meta.url));
    const children = ['a', 'b', 'c'].map((name) => execa('node', ['--import', 'tsx', writer, dir, name, '10']));
    let checked = 0;
    let running = true;
    const settled = Promise.all(children).finally(() => {
      running = false;
    });
    while (running) {
      const names = await readdir(join(dir, 'builds')).catch(() => []);
      for (const name of names.filter((n) => !n.endsWith('.tmp'))) {
        const text = await readFile(join(dir, 'builds', name), 'utf8').catch(() => undefined);
        // A file may vanish to eviction, but one that is there must be whole.
        if (text !== undefined) expect(() => JSON.parse(text)).not.toThrow();
        checked += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const results = await settled;
    expect(checked).toBeGreaterThan(0);
    expect(new Set(results.map((r) => r.stdout)).size).toBe(1);
    const store = await openStateStore(dir);
    expect((await store.listRecords()).length).toBe(30);
    expect((await readdir(join(dir, 'builds'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect((await store.findRecord('b-7'))?.manifest?.entries[0]?.path).toBe('b/7');
  });
});

describe('state store findPreviousComparable', () => {
  async function seeded(): Promise<StateStore> {
    const store = await openStateStore(await freshDir());
    const at = (h: number): string => `2025-01-01T${String(h).padStart(2, '0')}:00:00.000Z`;
    await store.recordBuild(record(store, { ref: 'old', startedAt: at(8), manifest }));
    await store.recordBuild(record(store, { ref: 'prev', startedAt: at(9), manifest }));
    await store.recordBuild(record(store, { ref: 'other-target', startedAt: at(10), target: 'dev' }));
    await store.recordBuild(record(store, { ref: 'other-platform', startedAt: at(10), platforms: ['linux/arm64'] }));
    await store.recordBuild(record(store, { ref: 'other-dockerfile', startedAt: at(10), dockerfile: '/src/other/Dockerfile' }));
    await store.recordBuild(record(store, { ref: 'other-builder', startedAt: at(10), builder: 'ci' }));
    await store.recordBuild(record(store, { ref: 'current', startedAt: at(11) }));
    await store.recordBuild(record(store, { ref: 'later', startedAt: at(12) }));
    return store;
  }

  it('picks the newest earlier build with the same builder, Dockerfile, target and platforms', async () => {
    const store = await seeded();
    const found = await store.findPreviousComparable({
      builder: 'default',
      dockerfile: '/src/app/Dockerfile',
      platforms: ['linux/amd64'],
      before: '2025-01-01T11:00:00.000Z',
    });
    expect(found?.ref).toBe('prev');
    expect(found?.manifest).toEqual(manifest);
  });

  it('matches a target only against the same target, and platforms as a set', async () => {
    const store = await seeded();
    const query = { builder: 'default', dockerfile: '/src/app/Dockerfile', before: '2025-01-01T23:00:00.000Z' };
    expect((await store.findPreviousComparable({ ...query, target: 'dev', platforms: ['linux/amd64'] }))?.ref).toBe('other-target');
    expect((await store.findPreviousComparable({ ...query, platforms: ['linux/arm64'] }))?.ref).toBe('other-platform');
    expect(await store.findPreviousComparable({ ...query, platforms: ['linux/arm64', 'linux/amd64'] })).toBeUndefined();
  });

  it('finds nothing before the first build', async () => {
    const store = await seeded();
    const found = await store.findPreviousComparable({
      builder: 'default',
      dockerfile: '/src/app/Dockerfile',
      platforms: ['linux/amd64'],
      before: '2025-01-01T08:00:00.000Z',
    });
    expect(found).toBeUndefined();
  });
});
