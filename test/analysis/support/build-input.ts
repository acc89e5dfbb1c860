import { analyze } from '../../../src/analysis/engine.js';
import { DEFAULT_THRESHOLDS, type AnalysisInput, type RulesConfig, type Thresholds } from '../../../src/analysis/input.js';
import { parseDockerfile } from '../../../src/dockerfile/model.js';
import type { CategoryFacts, ContextFacts, ImageLayerFacts, LayerFacts, ManifestFacts, NodeModulesFacts, PathCategory, SecretCopy } from '../../../src/model/facts.js';
import type { CacheMiss, Finding, ImageLayer, Report, Step, FindingOf } from '../../../src/model/report.js';

// Builds an AnalysisInput from a Dockerfile and our own model facts (the
// types src/layers and src/context produce), so a rule test states only what
// matters to the rule: which line made which layer, and what that layer holds.

export const KiB = 1024;
export const MiB = 1024 * 1024;

/** Dockerfile text from its lines: line N of the file is lines[N - 1]. */
export function dockerfile(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** One category's facts in a layer; `files` is the number of example paths (at least 1). */
export function category(name: PathCategory, bytes: number, paths: string[] = []): CategoryFacts {
  return { category: name, bytes, files: Math.max(1, paths.length), paths };
}

/** A node_modules tree under `root` ("" for the image root). */
export function nodeModules(root: string, packages: Record<string, number>): NodeModulesFacts {
  return { root, bytes: Object.values(packages).reduce((a, b) => a + b, 0), packages };
}

/** A package.json manifest captured from a layer. */
export function packageJson(path: string, json: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> }): ManifestFacts {
  return { path, text: JSON.stringify({ name: 'app', version: '1.0.0', ...json }) };
}

/** One layer of the final image, lowest first. */
export interface LayerSpec {
  /** The Dockerfile line that made it (for base layers: the FROM line); none for an unattributed layer. */
  line?: number;
  base?: boolean;
  /** Uncompressed bytes; defaults to what its categories and node_modules hold, else 1 MiB. */
  bytes?: number;
  categories?: CategoryFacts[];
  nodeModules?: NodeModulesFacts[];
  manifests?: ManifestFacts[];
  deletions?: string[];
  /** Later layers (by index in `layers`) that removed or overwrote bytes this layer added. */
  wastedBy?: Array<{ layer: number; bytes: number; paths: string[] }>;
}

/** Everything a rule test may say about a build; everything else gets a clean default. */
export interface BuildSpec {
  dockerfile: string;
  target?: string;
  /** The final image's layers, base first; omitted means the build exported no image. */
  layers?: LayerSpec[] | undefined;
  /** Only the layers BuildKit had blobs for (the build exported nothing). */
  partialImage?: boolean;
  /** What the final filesystem holds per category; defaults to every layer's categories summed (nothing deleted). */
  finalCategories?: CategoryFacts[];
  /** Files whose content the layer analysis found to be a build secret's (layer: index in `layers`). */
  secretCopies?: SecretCopy[];
  /** Per Dockerfile line: how its step ran (default: not cached, 100 ms). */
  steps?: Record<number, Partial<Pick<Step, 'cached' | 'durationMs'>>>;
  cacheMisses?: CacheMiss[];
  context?: ContextFacts;
  buildArgNames?: string[];
  rules?: RulesConfig['rules'];
  thresholds?: Partial<Thresholds>;
}

/** A build context as buildx would send it: by default small, with a .dockerignore and nothing heavy. */
export function contextFacts(over: Partial<ContextFacts> = {}): ContextFacts {
  return { dir: '/work/app', dockerignore: true, dockerignoreFile: '/work/app/.dockerignore', files: 40, bytes: 300 * KiB, ignoredFiles: 5000, ignoredBytes: 200 * MiB, heavy: [], secrets: [], ...over };
}

function layerBytes(spec: LayerSpec): number {
  if (spec.bytes !== undefined) return spec.bytes;
  const held = (spec.categories ?? []).reduce((n, c) => n + c.bytes, 0) + (spec.nodeModules ?? []).reduce((n, t) => n + t.bytes, 0);
  return held || MiB;
}

function layerFacts(spec: LayerSpec, index: number): LayerFacts {
  const size = layerBytes(spec);
  return {
    digest: `sha256:layer${index}`,
    mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    size: Math.round(size / 2),
    uncompressedSize: size,
    files: 10,
    addedBytes: size,
    deletions: spec.deletions ?? [],
    opaqueDirs: [],
    largestFiles: [],
    largestDirs: [],
    categories: spec.categories ?? [],
    nodeModules: spec.nodeModules ?? [],
    manifests: spec.manifests ?? [],
    notes: [],
  };
}

// Every layer's categories summed by category: the final filesystem when nothing was deleted.
function summedCategories(layers: LayerSpec[]): CategoryFacts[] {
  const sum = new Map<PathCategory, CategoryFacts>();
  for (const c of layers.flatMap((l) => l.categories ?? [])) {
    const seen = sum.get(c.category);
    sum.set(c.category, seen ? { ...seen, bytes: seen.bytes + c.bytes, files: seen.files + c.files, paths: [...seen.paths, ...c.paths].slice(0, 10) } : { ...c });
  }
  return [...sum.values()];
}

/** The AnalysisInput the pipeline would give the rules for this build. */
export function buildInput(spec: BuildSpec): AnalysisInput {
  const model = parseDockerfile(spec.dockerfile);
  const specs = spec.layers;
  const wasted = (s: LayerSpec) => (s.wastedBy ?? []).reduce((n, w) => n + w.bytes, 0);

  const steps: Step[] = model.stages.flatMap((stage) =>
    stage.instructions.map((i) => ({ id: `step-${i.line}`, stage: stage.name, instruction: i.text, line: i.line, endLine: i.endLine, cached: false, durationMs: 100, ...spec.steps?.[i.line] })),
  );
  specs?.forEach((s, index) => {
    const step = steps.find((st) => st.line === s.line);
    if (s.base || !step) return;
    const size = layerBytes(s);
    step.layer = { digest: `sha256:layer${index}`, size: Math.round(size / 2), uncompressedSize: size, files: 10, addedBytes: size, wastedBytes: wasted(s) };
    if (s.wastedBy?.length) step.layer.wastedBy = s.wastedBy.map((w) => {
      const line = specs[w.layer]?.line;
      return line !== undefined ? { line, bytes: w.bytes, paths: w.paths } : { bytes: w.bytes, paths: w.paths };
    });
  });

  const report: Report = {
    schemaVersion: 1,
    build: { ref: 'testref', builder: 'default', driver: 'docker', dockerfile: 'Dockerfile', platforms: ['linux/amd64'], status: 'success', exitCode: 0, startedAt: '2026-01-01T00:00:00.000Z', durationMs: steps.reduce((n, s) => n + s.durationMs, 0), ...(spec.target ? { target: spec.target } : {}) },
    cache: { steps: steps.length, cached: steps.filter((s) => s.cached).length, ratio: steps.length ? steps.filter((s) => s.cached).length / steps.length : 0 },
    stages: model.stages.map((stage) => {
      const own = steps.filter((s) => s.stage === stage.name);
      return { name: stage.name, index: stage.index, durationMs: own.reduce((n, s) => n + s.durationMs, 0), cachedSteps: own.filter((s) => s.cached).length, steps: own.length };
    }),
    steps,
    findings: [],
    notes: [],
    ...(spec.cacheMisses ? { cacheMisses: spec.cacheMisses } : {}),
  };

  let layers: ImageLayerFacts | undefined;
  if (specs) {
    const facts = specs.map(layerFacts);
    const imageLayers: ImageLayer[] = specs.map((s, index) => {
      const entry: ImageLayer = { digest: `sha256:layer${index}`, size: facts[index]?.size ?? 0, uncompressedSize: layerBytes(s), base: s.base ?? false, files: 10, wastedBytes: wasted(s) };
      if (s.line !== undefined) entry.line = s.line;
      if (!s.base && s.line !== undefined) entry.step = `step-${s.line}`;
      return entry;
    });
    const uncompressed = imageLayers.reduce((n, l) => n + l.uncompressedSize, 0);
    const totalWasted = specs.reduce((n, s) => n + wasted(s), 0);
    const efficiency = uncompressed ? 1 - totalWasted / uncompressed : 1;
    report.image = { size: imageLayers.reduce((n, l) => n + l.size, 0), uncompressedSize: uncompressed, wastedBytes: totalWasted, efficiency, layers: imageLayers };
    if (spec.partialImage) report.image.partial = true;
    layers = { layers: facts, wastedBytes: specs.map(wasted), wastedBy: specs.map((s) => s.wastedBy ?? []), totalWastedBytes: totalWasted, efficiency, finalCategories: spec.finalCategories ?? summedCategories(specs) };
    if (spec.secretCopies) layers.secretCopies = spec.secretCopies;
  }

  return {
    report,
    dockerfile: model,
    ...(layers ? { layers } : {}),
    ...(spec.context ? { context: spec.context } : {}),
    buildArgNames: spec.buildArgNames ?? [],
    config: { rules: spec.rules ?? {}, thresholds: { ...DEFAULT_THRESHOLDS, ...spec.thresholds } },
  };
}

/** The findings the engine (suppression comments and config included) reports for this build. */
export function findingsOf(spec: BuildSpec): Finding[] {
  return runRules(buildInput(spec));
}

/** Every rule's findings; a rule that throws fails the test. */
export function runRules(input: AnalysisInput): Finding[] {
  const { findings, failures } = analyze(input);
  if (failures[0]) throw failures[0];
  return findings;
}

/** The findings of one rule. */
export function ofRule<R extends Finding['rule']>(findings: Finding[], rule: R): Array<FindingOf<R>> {
  return findings.filter((f): f is FindingOf<R> => f.rule === rule);
}
