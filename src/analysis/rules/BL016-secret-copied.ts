import type { Finding } from '../../model/report.js';
import { endLineOf, type AnalysisInput, type Rule } from '../input.js';

// A `--secret` mounted for one RUN is meant to leave no trace, but a
// `cp /run/secrets/s /x` puts its bytes in the layer. The layer analysis
// found files whose size and SHA-256 are a secret's (the build's own
// secrets, hashed where buildx read them); here they become one finding per
// secret and layer, at the line of the step that made the layer.

function copies(input: AnalysisInput): Finding[] {
  const byPlace = new Map<string, { secret: string; layer: number; paths: string[] }>();
  for (const copy of input.layers?.secretCopies ?? []) {
    const key = `${copy.layer}\u0000${copy.secret}`;
    const place = byPlace.get(key) ?? { secret: copy.secret, layer: copy.layer, paths: [] };
    place.paths.push(copy.path);
    byPlace.set(key, place);
  }
  const findings: Finding[] = [];
  for (const { secret, layer, paths } of byPlace.values()) {
    const entry = input.report.image?.layers[layer];
    if (entry?.line === undefined) continue;
    const shown = paths.slice(0, 5).join(', ') + (paths.length > 5 ? ` and ${paths.length - 5} more` : '');
    findings.push({
      rule: 'BL016' as const,
      severity: 'error',
      line: entry.line,
      endLine: endLineOf(input, entry.line),
      message: `the secret \`${secret}\` is copied into the image at ${shown}: anyone who pulls the image can read it`,
      evidence: { secret, paths, layer: entry.digest, base: entry.base },
    });
  }
  return findings;
}

/** BL016: a build secret's content in a layer of the image. */
export const BL016: Rule = {
  id: 'BL016',
  title: 'a build secret copied into the image',
  severity: 'error',
  explanation:
    'A secret mount (`RUN --mount=type=secret`, buildx --secret) keeps the secret out of the image only while nothing copies it: `cp ' +
    '/run/secrets/token /app/token` writes its bytes into the layer, where anyone who pulls the image reads them, even after a later ' +
    'step deletes the file. buildlens hashes each --secret where buildx reads it (the file or the variable; never shown or stored) ' +
    "and finds files with the same size and SHA-256 in the image's layers. Use the secret in the RUN that needs it, from " +
    "/run/secrets or the mount's target, and let the mount go away with the step.",
  fix:
    '# before\nRUN --mount=type=secret,id=npmrc cp /run/secrets/npmrc /root/.npmrc && npm ci\n# after\nRUN ' +
    '--mount=type=secret,id=npmrc,target=/root/.npmrc npm ci',
  check(input) {
    return copies(input);
  },
};
