// Reads every layer of an image source once (bench/image-read.sh bundles and
// runs this): `read` only streams each layer's uncompressed tar (digest check
// and decompression), `analyze` also walks it with the layer analysis and
// computes dive's numbers. Prints one JSON line with timings and peak RSS.
import { diveEfficiency } from '../src/image/efficiency.js';
import { openImage } from '../src/image/index.js';
import { analyzeLayer, type LayerIndex } from '../src/layers/analyze-layer.js';

const source = process.argv[2];
const mode = process.argv[3] ?? 'read';
if (!source || (mode !== 'read' && mode !== 'analyze')) throw new Error('usage: image-read SOURCE [read|analyze]');
const started = performance.now();
const image = await openImage(source, process.env.BENCH_NO_CONTENT_STORE ? { contentDirs: [] } : {});
const opened = performance.now();
let tarBytes = 0;
const indexes: LayerIndex[] = [];
for (const i of image.readOrder ?? image.layers.map((l) => l.index)) {
  const layer = image.layers[i];
  if (!layer) continue;
  const tar = await layer.open();
  if (mode === 'read') for await (const chunk of tar) tarBytes += (chunk as Buffer).length;
  else {
    const analysis = await analyzeLayer(tar, { digest: layer.digest, mediaType: 'application/vnd.oci.image.layer.v1.tar', size: layer.size });
    tarBytes += analysis.facts.uncompressedSize;
    indexes[i] = analysis.index;
  }
}
const read = performance.now();
const dive = mode === 'analyze' ? diveEfficiency(indexes) : undefined;
const done = performance.now();
await image.close();
console.log(
  JSON.stringify({
    source,
    mode,
    layers: image.layers.length,
    blobMB: +(image.layers.reduce((sum, l) => sum + l.size, 0) / 1e6).toFixed(1),
    tarMB: +(tarBytes / 1e6).toFixed(1),
    openMs: Math.round(opened - started),
    layersMs: Math.round(read - opened),
    diveMs: Math.round(done - read),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    ...(dive ? { efficiency: dive.efficiency, wastedBytes: dive.wastedBytes } : {}),
  }),
);
