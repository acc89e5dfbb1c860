// Child process for the concurrency test: records builds into a shared state
// directory and prints its fingerprint of "probe" so the parent can compare keys.
import { openStateStore } from '../../../src/build-records/store.js';

const [dir = '', name = 'w', countText = '5'] = process.argv.slice(2);
const store = await openStateStore(dir);
for (let i = 0; i < Number(countText); i++) {
  await store.recordBuild({
    ref: `${name}-${i}`,
    builder: 'default',
    dockerfile: '/ctx/Dockerfile',
    contextDir: '/ctx',
    platforms: [],
    startedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
    buildArgs: {},
    noCache: false,
    noCacheFilter: [],
    manifest: { version: 1, entries: [{ path: `${name}/${i}`, size: i, mode: 0o100644, sha256: null, mtimeMs: i }] },
  });
}
process.stdout.write(store.fingerprint('probe'));
