// The build contexts the bench builds, written to temporary directories.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A directory holding `files` (path → text), removed when the bench exits. */
export function context(files) {
  const dir = mkdtempSync(join(tmpdir(), 'buildlens-bench-'));
  made.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** An empty scratch directory, removed when the bench exits. */
export function scratchDir() {
  return context({});
}

const BASE = 'buildlens-fixture/busybox:1';

/** A small two-stage project: its cached rebuild is buildlens's fixed cost at its largest share. Shell builtins and head only: it runs on every platform of the two-node builder. */
export const SMALL = {
  Dockerfile: `FROM ${BASE} AS deps\nWORKDIR /app\nCOPY package.json ./\nRUN head -c 2000000 /dev/urandom > deps.bin\nFROM ${BASE}\nCOPY --from=deps /app/deps.bin /deps.bin\nCOPY src /src\nRUN echo done > /done\n`,
  'package.json': '{}',
  'src/app.js': 'console.log(1)\n',
};

/**
 * Over five seconds of work, mostly waiting (so its length depends little on
 * what else the shared CPUs do) with some decompression, then 2 000 files:
 * two new layers to analyse. Built with --no-cache.
 */
export const WORK = {
  Dockerfile: `FROM ${BASE}\nRUN sleep 3 && i=0; while [ $i -lt 3 ]; do head -c 16000000 /dev/urandom | gzip -1 | sha256sum >> /sums; i=$((i+1)); done\nRUN i=0; while [ $i -lt 2000 ]; do mkdir -p /out/d$((i % 60)); head -c 4000 /dev/urandom > /out/d$((i % 60))/f$i; i=$((i+1)); done\n`,
};

/** An image of over 200 MB compressed: 12 000 small files, one 100 MB file, files deleted in a later layer. */
export const BIG = {
  Dockerfile: `FROM ${BASE}\nRUN mkdir -p /data/a && i=0; while [ $i -lt 12000 ]; do head -c 9000 /dev/urandom > /data/a/f$i; i=$((i+1)); done\nRUN mkdir -p /data/b && head -c 100000000 /dev/urandom > /data/b/blob\nRUN rm -rf /data/a/f1*\n`,
};
