import type { DockerfileModel } from '../dockerfile/model.js';
import type { ContextFacts, ImageLayerFacts, LayerFacts } from '../model/facts.js';
import type { Finding, Report, Severity } from '../model/report.js';

// What every rule gets: the model of the build and what was measured. Rules
// are pure: no I/O, no processes; they only read this.

/** Thresholds rules use; all sizes in bytes, times in milliseconds. */
export interface Thresholds {
  minWastedBytes: number;
  minCacheBytes: number;
  minToolchainBytes: number;
  minDocsBytes: number;
  minDevDependencyBytes: number;
  minContextBytes: number;
  slowInstallMs: number;
  heavyBaseShare: number;
  heavyBaseBytes: number;
}

/** Default thresholds: small enough to matter, large enough not to nag. */
export const DEFAULT_THRESHOLDS: Thresholds = {
  minWastedBytes: 1024 * 1024,
  minCacheBytes: 512 * 1024,
  minToolchainBytes: 5 * 1024 * 1024,
  minDocsBytes: 1024 * 1024,
  minDevDependencyBytes: 512 * 1024,
  minContextBytes: 1024 * 1024,
  slowInstallMs: 5000,
  heavyBaseShare: 0.7,
  heavyBaseBytes: 100 * 1024 * 1024,
};

/** Per-rule settings from the config file. */
export interface RulesConfig {
  /** "off" disables a rule; a severity overrides its default. */
  rules: Record<string, 'off' | Severity>;
  thresholds: Thresholds;
}

/** The input of every rule. */
export interface AnalysisInput {
  report: Report;
  dockerfile: DockerfileModel;
  /** Facts of the final image's layers, index-aligned with report.image.layers. */
  layers?: ImageLayerFacts;
  context?: ContextFacts;
  /** Names of the build args given (values never reach rules). */
  buildArgNames: string[];
  config: RulesConfig;
  /**
   * Per instruction text: in how many of the recent comparable builds it
   * re-ran because files copied before it changed (from the state store).
   */
  rerunHistory?: Record<string, { reran: number; builds: number }>;
  /** BuildKit's own build checks as findings (BK/<RuleName>): silenced, re-graded and ordered with the rules' findings. */
  buildChecks?: Finding[];
}

/** A rule: one concern, with the explanation `buildlens explain` shows. */
export interface Rule {
  id: string;
  title: string;
  severity: Severity;
  explanation: string;
  fix: string;
  /** What it measures is a share or total of the whole image: not run when the image section is partial (nothing exported). */
  wholeImage?: boolean;
  check(input: AnalysisInput): Finding[];
}

/** The final image's layers with their facts and report entries, base first. */
export function imageLayers(input: AnalysisInput): Array<{ index: number; facts: LayerFacts; line?: number; base: boolean }> {
  const out: Array<{ index: number; facts: LayerFacts; line?: number; base: boolean }> = [];
  input.report.image?.layers.forEach((layer, index) => {
    const facts = input.layers?.layers[index];
    if (!facts) return;
    const entry: { index: number; facts: LayerFacts; line?: number; base: boolean } = { index, facts, base: layer.base };
    if (layer.line !== undefined) entry.line = layer.line;
    out.push(entry);
  });
  return out;
}

/** The end line of the instruction starting at `line`. */
export function endLineOf(input: AnalysisInput, line: number): number {
  for (const stage of input.dockerfile.stages) for (const i of stage.instructions) if (i.line === line) return i.endLine;
  return line;
}
