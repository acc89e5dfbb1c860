import { writeFileAtomic } from '../../src/core/atomic-write.js';

// Rewrites a large report over and over until killed.
const [path] = process.argv.slice(2);
if (!path) throw new Error('usage: atomic-child PATH');
let n = 0;
for (;;) {
  n++;
  const body = JSON.stringify({ schemaVersion: 1, n, padding: 'x'.repeat(2_000_000 + (n % 7) * 100_000) });
  await writeFileAtomic(path, body, { mode: 0o644 });
}
