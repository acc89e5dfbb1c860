import type { Finding } from '../model/report.js';

// One finding per set of bytes: where two rules measure the same bytes on the
// same line, the one whose fix removes them all stays and names the other in
// relatedRules, so no total counts them twice.

// [kept, folded in]: a toolchain that only the base brought is the heavy base's
// problem (BL006: switch to a slim variant removes it), not a second finding.
const SAME_BYTES: ReadonlyArray<readonly [string, string]> = [['BL006', 'BL004']];

/** The findings with each folded-in finding removed and named by the one kept on its line. */
export function foldRelated(findings: Finding[]): Finding[] {
  const out = [...findings];
  for (const [kept, folded] of SAME_BYTES) {
    for (const keeper of out.filter((f) => f.rule === kept)) {
      const twin = out.find((f) => f.rule === folded && f.line === keeper.line);
      if (!twin) continue;
      out.splice(out.indexOf(twin), 1);
      const at = out.indexOf(keeper);
      const evidence = { ...keeper.evidence, [folded]: { message: twin.message, ...twin.evidence } };
      // The keeper's evidence schema names what it may fold in (model/evidence.ts), checked when the report is written.
      out[at] = { ...keeper, relatedRules: [...(keeper.relatedRules ?? []), folded], evidence } as Finding;
    }
  }
  return out;
}
