import type { LocatedImage } from './exported-image.js';
import { errorMessage } from '../core/errors.js';
import { debug } from '../core/log.js';
import { stageLineage } from '../dockerfile/model.js';
import {
  analyzeImage,
  findContents,
  LayerFactsCache,
  layerFileTrees,
  wasteRecorder,
  type LayerDescriptor,
  type LayerIndex,
} from '../layers/index.js';
import { diveNumbers, type DiveEfficiency } from './dive-numbers.js';
import type { ImageLayerFacts, SecretCopy, SecretDigest } from '../model/facts.js';
import type { ImageFileTrees } from '../model/file-tree.js';
import type { ImageLayer, Step } from '../model/report.js';
import type { AssembledBuild } from '../assemble/assemble.js';
import type { BlobReader } from '../sources/source.js';

// The image a build made (enrich/exported-image.ts finds which): its layers
// tied to the steps (and lines) that produced them, and, when the source can
// read blobs, what each layer holds and wastes. Analysis is started as soon
// as the provenance is known (while the logs still replay) and joined when
// the model is ready.

/** The outcome of reading the layers: their facts and dive's numbers (and file trees, when asked for), or why there are none. */
export type LayerOutcome = {
  facts?: ImageLayerFacts;
  dive?: DiveEfficiency;
  fileTrees?: ImageFileTrees;
  error?: unknown;
  /** Layers the search for the build's secrets could not read to the end. */
  secretsUnsearched?: number;
};

/** Options of reading the layers. */
export interface LayerAnalysisOpts {
  /** Make the file browser's bounded trees (for the HTML report) while every layer's paths are at hand. */
  fileTrees?: boolean | undefined;
  /** The build's secrets, as digests: files holding one of them are looked for (BL016). */
  secrets?: readonly SecretDigest[] | undefined;
}

/** Reads and analyses the final image's layers, and looks for the build's secrets in them when given; never rejects. */
export async function analyzeImageLayers(image: LocatedImage, blobs: BlobReader, opts: LayerAnalysisOpts = {}): Promise<LayerOutcome> {
  try {
    const layers = image.layers;
    if (layers.length === 0) return {};
    debug('report: analysing layers');
    let indexes: readonly LayerIndex[] = [];
    // The file trees need to know which files later layers remove: heard as the accounting finds them.
    const waste = opts.fileTrees ? wasteRecorder() : undefined;
    const descriptors: LayerDescriptor[] = layers.map((l) => ({
      digest: l.descriptor.digest,
      mediaType: l.descriptor.mediaType,
      size: l.descriptor.size,
    }));
    const facts = await analyzeImage(descriptors, blobs, {
      cache: new LayerFactsCache(),
      onProgress: (p) => debug(`layer ${p.index + 1}/${p.total} ${p.digest} ${p.cached ? 'cached' : 'read'}`),
      onIndexes: (read) => (indexes = read),
      order: image.readOrder,
      ...(waste ? { onRemoved: waste.onRemoved } : {}),
    });
    const outcome: LayerOutcome = { facts, dive: diveNumbers(indexes, facts, layers) };
    if (waste) {
      const trees = fileTreesOf(indexes, facts, waste.wasted);
      if (trees) outcome.fileTrees = trees;
    }
    const secrets = opts.secrets ?? [];
    if (secrets.length > 0) {
      const search = await findContents(descriptors, indexes, blobs, secrets);
      facts.secretCopies = search.matches.map(
        (m): SecretCopy => ({ secret: secrets[m.wanted]?.id ?? '', layer: m.layer, path: `/${m.path}` }),
      );
      if (search.unread.length > 0) outcome.secretsUnsearched = search.unread.length;
    }
    return outcome;
  } catch (error) {
    return { error };
  }
}

// The trees are an extra of one format: failing to make them costs the HTML page its file browser, not the report its facts.
function fileTreesOf(indexes: readonly LayerIndex[], facts: ImageLayerFacts, wasted: Array<Set<string>>): ImageFileTrees | undefined {
  try {
    return layerFileTrees(
      indexes,
      facts.layers.map((l) => l.digest),
      { wasted },
    );
  } catch (error) {
    debug(`file trees not made: ${errorMessage(error)}`);
    return undefined;
  }
}

/**
 * Adds the image section (and each step's layer) to the report. `outcome`
 * undefined means contents were not asked for: sizes come from descriptors
 * and nothing is said; an outcome without facts says they could not be read.
 */
export function addImage(assembled: AssembledBuild, image: LocatedImage, outcome: LayerOutcome | undefined): ImageLayerFacts | undefined {
  const { report } = assembled;
  if (image.exported !== undefined) report.build.exported = image.exported;
  if (image.problem) report.notes.push({ topic: 'layers', message: image.problem });
  const layers = image.layers;
  if (layers.length === 0) return undefined;
  if (!image.complete) report.notes.push({ topic: 'layers', message: partialNote(image, layers.length) });
  const stepByLlb = new Map<string, Step>();
  for (const step of report.steps) {
    const llb = assembled.llbStepOf.get(step.id);
    if (llb && (!step.platform || step.platform === image.platform)) stepByLlb.set(llb, step);
  }
  const baseLine = baseImageLine(
    assembled,
    layers.map((l) => (l.step && !l.base ? stepByLlb.get(l.step)?.stage : undefined)),
  );

  const facts = outcome?.facts;
  if (outcome?.error !== undefined)
    report.notes.push({ topic: 'layers', message: `layers could not be analysed: ${errorMessage(outcome.error)}` });
  for (const note of facts?.layers.flatMap((l) => l.notes.map((n) => `${l.digest.slice(0, 19)}: ${n}`)) ?? [])
    report.notes.push({ topic: 'layers', message: note });

  const imageLayers: ImageLayer[] = layers.map((layer, i) => {
    const layerFacts = facts?.layers[i];
    const uncompressed = layerFacts?.uncompressedSize ?? layer.descriptor.size;
    const step = layer.step ? stepByLlb.get(layer.step) : undefined;
    const entry: ImageLayer = {
      digest: layer.descriptor.digest,
      size: layer.descriptor.size,
      uncompressedSize: uncompressed,
      base: layer.base,
    };
    if (layerFacts) {
      entry.files = layerFacts.files;
      entry.wastedBytes = facts?.wastedBytes[i] ?? 0;
    }
    const line = layer.base ? baseLine : step?.line;
    if (line !== undefined) entry.line = line;
    if (step && !layer.base) {
      entry.step = step.id;
      step.layer = {
        digest: entry.digest,
        size: entry.size,
        uncompressedSize: uncompressed,
        files: layerFacts?.files ?? 0,
        addedBytes: layerFacts?.addedBytes ?? 0,
        wastedBytes: facts?.wastedBytes[i] ?? 0,
      };
      const by = facts?.wastedBy[i] ?? [];
      if (by.length > 0) {
        step.layer.wastedBy = by.map((w) => {
          const remover = layers[w.layer];
          const removerLine = remover?.step ? stepByLlb.get(remover.step)?.line : undefined;
          return removerLine !== undefined ? { line: removerLine, bytes: w.bytes, paths: w.paths } : { bytes: w.bytes, paths: w.paths };
        });
      }
    }
    return entry;
  });
  report.image = {
    ...(image.platform ? { platform: image.platform } : {}),
    ...(image.complete ? {} : { partial: true }),
    ...(image.platforms ? { platforms: image.platforms } : {}),
    size: imageLayers.reduce((s, l) => s + l.size, 0),
    uncompressedSize: imageLayers.reduce((s, l) => s + l.uncompressedSize, 0),
    wastedBytes: facts?.totalWastedBytes ?? 0,
    efficiency: facts?.efficiency ?? 1,
    layers: imageLayers,
  };
  if (outcome && !facts)
    report.notes.push({ topic: 'layers', message: 'layer contents were not analysed: wasted bytes and efficiency are unknown' });
  if (outcome?.secretsUnsearched)
    report.notes.push({
      topic: 'layers',
      message:
        `${outcome.secretsUnsearched} layer(s) could not be read to the end: the build's secrets were not looked for in all of ` +
        `their files`,
    });
  return facts;
}

// Why the image section is a lower bound, and what gets the whole image analysed (the advice first: notes are cut to the terminal's width).
function partialNote(image: LocatedImage, layers: number): string {
  const what = `image sizes cover only the ${layers} layer(s) BuildKit already had, and no finding about the whole image is made`;
  if (image.exported === false) return `nothing was exported: add --load or --output to analyse the whole image; ${what}`;
  return `the build exported no image: add --load or --output type=image to analyse the whole image; ${what}`;
}

// The line a base layer belongs to: the FROM of the final stage's root stage
// ("FROM runtime" inherits runtime's base, named by runtime's FROM).
function baseImageLine(assembled: AssembledBuild, stageOfLayer: Array<string | undefined>): number | undefined {
  const lastStage = [...stageOfLayer].reverse().find((s) => s !== undefined);
  const stages = assembled.dockerfile?.stages ?? [];
  const finalStage = stages.find((s) => s.name === lastStage?.toLowerCase()) ?? stages[stages.length - 1];
  const lineage = assembled.dockerfile && finalStage ? stageLineage(assembled.dockerfile, finalStage) : [];
  return lineage[lineage.length - 1]?.fromLine ?? finalStage?.fromLine;
}
