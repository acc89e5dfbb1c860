// Reading a large image: `buildlens report` (and `image` where the engine
// holds the image) against `gzip -dc` of the same layer blobs, in paired
// rounds. Every buildlens run starts with an empty layer cache, so each one
// reads and analyses every blob.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BIG, context, scratchDir } from './fixtures.mjs';
import { median, medianOf, pairedRatio, rounds, run } from './measure.mjs';

const TAG = 'buildlens-bench/big:1';
const RSS_LIMIT = 150e6;

/** Builds the big image on the builder and returns its history ref and its layer blobs as files. */
export function prepareBigImage(builder, env) {
  const dir = context(BIG);
  const meta = join(dir, 'meta.json');
  const out = scratchDir();
  const onDocker = builder.driver === 'docker';
  // A docker driver loads it (for `image` and docker save); any other builder exports it as an OCI archive.
  const output = onDocker ? ['--load', '-t', TAG] : ['--platform', 'linux/amd64', '--output', `type=oci,dest=${join(out, 'image.tar')}`];
  run('docker', ['buildx', 'build', ...builder.builderArgs, ...output, '--metadata-file', meta, dir], { env });
  const ref = JSON.parse(readFileSync(meta, 'utf8'))['buildx.build.ref'].split('/').pop();
  if (onDocker) run('bash', ['-c', `docker image save ${TAG} | tar -x -C ${out}`], { env });
  else run('tar', ['-x', '-f', join(out, 'image.tar'), '-C', out]);
  const layers = onDocker ? JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))[0].Layers.map((l) => join(out, l)) : ociLayers(out);
  return { ref, layers, bytes: layers.reduce((n, f) => n + statSync(f).size, 0), tag: onDocker ? TAG : undefined };
}

/** Rows for report (local blobs on a docker driver, and over gRPC) and image, with their peak RSS. */
export function readRows(paths, builder, env, image, runs) {
  const blobs = image.layers.map((f) => `'${f}'`).join(' ');
  const fresh = (extra) => ({ env: { ...env, ...extra, BUILDLENS_CACHE_DIR: scratchDir() } });
  const report = ['report', image.ref, ...builder.builderArgs, '--json'];
  const commands = { gzip: () => run('bash', ['-c', `for f in ${blobs}; do gzip -dc "$f" >/dev/null 2>&1 || cat "$f" >/dev/null; done`]) };
  const local = builder.driver === 'docker';
  if (local) commands.reportLocal = () => run('node', [paths.cli, ...report], fresh({}));
  commands.reportGrpc = () => run('node', [paths.cli, ...report], fresh({ BUILDLENS_CONTENT_DIR: '' }));
  if (image.tag) commands.image = () => run('node', [paths.cli, 'image', image.tag, '--json'], fresh({}));
  for (const warm of Object.values(commands)) warm();
  const m = rounds(commands, runs);
  const size = `${(image.bytes / 1e6).toFixed(0)} MB`;
  const rows = [];
  if (local) rows.push(throughput(`report of a ${size} image, local blobs`, m.reportLocal, m.gzip, image.bytes, 1.0));
  rows.push(throughput(`report of a ${size} image, blobs over gRPC`, m.reportGrpc, m.gzip, image.bytes, 0.8));
  if (m.image) rows.push(throughput(`image of the same ${size} image${local ? ', local blobs' : ''}`, m.image, m.gzip, image.bytes, 1.0));
  for (const [name, label] of [['reportLocal', 'report, local blobs'], ['reportGrpc', 'report over gRPC'], ['image', 'image']]) {
    if (m[name]) rows.push(peakRss(`peak RSS: ${label}`, m[name]));
  }
  return rows;
}

// buildlens's throughput against gzip -dc's on the same bytes: the paired median of gzip's time over buildlens's.
function throughput(measure, lens, gzip, bytes, min) {
  const ratio = pairedRatio(gzip, lens, 'wallMs');
  const rate = (ms) => `${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;
  return {
    measure,
    buildlens: `${fmtMs(medianOf(lens, 'wallMs'))} (${rate(medianOf(lens, 'wallMs'))})`,
    floor: `gzip -dc ${fmtMs(medianOf(gzip, 'wallMs'))} (${rate(medianOf(gzip, 'wallMs'))})`,
    buildx: '—',
    ratio: ratio.toFixed(3),
    target: `≥ ${min.toFixed(1)}× gzip throughput`,
    met: ratio >= min,
  };
}

// The largest peak RSS of any run.
function peakRss(measure, ms) {
  const peak = Math.max(...ms.map((m) => m.rssBytes));
  return {
    measure,
    buildlens: `${(peak / 1e6).toFixed(0)} MB (median ${(median(ms.map((m) => m.rssBytes)) / 1e6).toFixed(0)} MB)`,
    floor: '—',
    buildx: '—',
    ratio: '',
    target: '< 150 MB',
    met: peak < RSS_LIMIT,
  };
}

function fmtMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

// The layer blobs of the image in an extracted OCI layout: the first manifest that is not an attestation.
function ociLayers(dir) {
  const blob = (digest) => join(dir, 'blobs', ...digest.split(':'));
  const visit = (descriptors) => {
    for (const d of descriptors) {
      if (d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') continue;
      const doc = JSON.parse(readFileSync(blob(d.digest), 'utf8'));
      if (doc.manifests) {
        const found = visit(doc.manifests);
        if (found) return found;
      } else if (doc.layers) return doc.layers.map((l) => blob(l.digest));
    }
    return undefined;
  };
  const layers = visit(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')).manifests);
  if (!layers) throw new Error(`no image manifest in the OCI layout at ${dir}`);
  return layers;
}

/** Removes the image the bench loaded. */
export function removeBigImage(env, image) {
  if (image.tag) run('docker', ['image', 'rm', image.tag], { env, allowFail: true });
}
