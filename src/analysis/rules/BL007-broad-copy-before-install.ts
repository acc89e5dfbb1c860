import { duration } from '../../core/format.js';
import { stageLineage, type DfInstruction } from '../../dockerfile/model.js';
import type { EvidenceOf, Finding } from '../../model/report.js';
import { instructionKey } from '../../dockerfile/instruction-key.js';
import type { AnalysisInput, Rule } from '../input.js';
import { sourcePathsOf } from '../source-copies.js';
import { PACKAGE_INSTALL } from './install-commands.js';

// Every install step of this build with the source COPYs that come before it:
// earlier in its own stage, or anywhere in a stage it is built FROM.
function installsAfterSources(input: AnalysisInput): Array<{ install: DfInstruction; copies: DfInstruction[] }> {
  const out: Array<{ install: DfInstruction; copies: DfInstruction[] }> = [];
  const built = new Set(input.report.steps.map((s) => s.line));
  for (const stage of input.dockerfile.stages) {
    const ancestors = stageLineage(input.dockerfile, stage).slice(1).reverse();
    const inherited = ancestors.flatMap((s) => s.instructions).filter((i) => sourcePathsOf(i).length > 0);
    for (const install of stage.instructions) {
      if (install.keyword !== 'RUN' || !PACKAGE_INSTALL.test(install.args) || !built.has(install.line)) continue;
      const own = stage.instructions.filter((i) => i.line < install.line && sourcePathsOf(i).length > 0);
      if (inherited.length + own.length > 0) out.push({ install, copies: [...inherited, ...own] });
    }
  }
  return out;
}

// The finding for the first source COPY before some installs, with the evidence of this build and earlier ones.
function findingFor(input: AnalysisInput, copy: DfInstruction, installs: DfInstruction[]): Finding {
  const install = installs[0] as DfInstruction;
  const step = input.report.steps.find((s) => s.line === install.line);
  const reran = (input.report.cacheMisses ?? []).some((m) => installs.some((i) => i.line === m.line) && m.cause === 'parent-missed');
  const ranMs = step && !step.cached ? step.durationMs : undefined;
  const evidence: EvidenceOf<'BL007'> = { installLine: install.line, sources: sourcePathsOf(copy) };
  if (step) Object.assign(evidence, { installMs: step.durationMs, installCached: step.cached });
  if (installs.length > 1) evidence.installLines = installs.map((i) => i.line);
  if (reran) evidence.reranBecauseOfCopy = true;
  const history = input.rerunHistory?.[instructionKey(install.text)];
  if (history && history.reran > 0) evidence.rerunHistory = history;
  const where = copy.stage === install.stage ? '' : ' (in the stage it is built from)';
  const finding: Finding = {
    rule: 'BL007',
    severity: 'warning',
    line: copy.line,
    endLine: copy.endLine,
    message: `\`${copy.text.trim()}\`${where} comes before the dependency install on line ${installs.map((i) => i.line).join(', ')}: every source edit re-runs it${ranMs ? ` (it took ${duration(ranMs)} this build${reran ? ', re-run because of this copy' : ''})` : ''}${history && history.reran > 0 ? `; it re-ran ${history.reran} time(s) in the last ${history.builds} builds because of source edits` : ''}; copy the manifests first, install, then the sources`,
    relatedLines: installs.map((i) => i.line),
    evidence,
  };
  return ranMs ? { ...finding, savingsMs: ranMs } : finding;
}

/** BL007: source code copied before a dependency install, in the same stage or a stage it is built from. */
export const BL007: Rule = {
  id: 'BL007',
  title: 'source copied before the dependency install',
  severity: 'warning',
  explanation:
    'BuildKit re-runs a step when anything it depends on changes. Copying sources (the whole context, or directories such as src/ and public/) before installing dependencies makes every source edit re-run the install, and so does an install in a stage built FROM a stage that copied them. Copy only the dependency manifests, install, then copy the rest: source edits then reuse the cached install.',
  fix: '# before\nCOPY . .\nRUN npm ci\n# after\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .',
  check(input) {
    const byCopy = new Map<DfInstruction, DfInstruction[]>();
    for (const { install, copies } of installsAfterSources(input)) {
      const copy = copies[0] as DfInstruction;
      byCopy.set(copy, [...(byCopy.get(copy) ?? []), install]);
    }
    return [...byCopy].map(([copy, installs]) => findingFor(input, copy, installs));
  },
};
