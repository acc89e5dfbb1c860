// Records the path indexes of a real image's layers, as the layer analysis
// makes them from the blobs the engine exports, for unit tests of what is
// built from them (the file browser's trees): per layer its files and sizes,
// directories, whiteouts and opaque directories, under
// test/fixtures/layer-paths/ (layers.json and the Dockerfile it was built from).
// The image has a file overwritten by a later layer, a file and a directory
// removed, an opaque directory and a directory of many small files.
// Run: npx tsx scripts/record-layer-fixtures.ts   (needs the engine and the busybox fixture image)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { openImage } from '../src/image/index.js';
import { analyzeLayer } from '../src/layers/index.js';

const OUT = new URL('../test/fixtures/layer-paths/', import.meta.url).pathname;
const TAG = `buildlens-test/layer-paths:${Date.now().toString(36)}`;

const DOCKERFILE = `FROM buildlens-fixture/busybox:1
COPY app/ /app/
RUN mkdir -p /data/keep /data/gone /opaque && head -c 20000 /dev/urandom > /data/gone/big.bin && \\
    echo old > /opaque/old.txt && echo first > /etc/motd && \\
    for i in $(seq 1 120); do head -c $((i * 10)) /dev/zero > /data/keep/f$i; done
RUN rm /app/random.bin && rm -rf /data/gone /opaque && mkdir /opaque && echo new > /opaque/new.txt && \\
    echo second, longer > /etc/motd
`;

const context = mkdtempSync(join(tmpdir(), 'buildlens-layer-paths-'));
try {
  mkdirSync(join(context, 'app/lib'), { recursive: true });
  writeFileSync(join(context, 'Dockerfile'), DOCKERFILE);
  writeFileSync(join(context, 'app/random.bin'), Buffer.alloc(300_000, 7));
  writeFileSync(join(context, 'app/hello.txt'), 'hello\n');
  writeFileSync(join(context, 'app/lib/index.js'), 'export {};\n');
  await execa('docker', ['buildx', 'build', '--builder', 'default', '--progress', 'quiet', '--load', '-t', TAG, context]);
  const archive = join(context, 'image.tar');
  await execa('docker', ['image', 'save', TAG, '-o', archive]);
  const image = await openImage(`docker-archive:${archive}`);
  const layers = [];
  try {
    for (const layer of image.layers) {
      // open() gives the uncompressed tar, checked against its digest.
      const { index, complete } = await analyzeLayer(await layer.open(), {
        digest: layer.digest,
        mediaType: 'application/vnd.oci.image.layer.v1.tar',
        size: layer.size,
      });
      if (!complete) throw new Error(`layer ${layer.digest} could not be read whole`);
      layers.push({
        digest: layer.digest,
        createdBy: layer.history.entry?.created_by ?? '',
        files: [...index.files],
        dirs: [...index.dirs],
        deletions: index.deletions,
        opaqueDirs: index.opaqueDirs,
      });
    }
  } finally {
    await image.close();
  }
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'Dockerfile'), DOCKERFILE);
  writeFileSync(join(OUT, 'layers.json'), `${JSON.stringify({ layers }, null, 1)}\n`);
  process.stderr.write(`recorded ${layers.length} layers into ${OUT}\n`);
} finally {
  await execa('docker', ['image', 'rm', TAG], { reject: false });
  rmSync(context, { recursive: true, force: true });
}
