import { argNames } from '../../dockerfile/instruction-args.js';
import type { Finding } from '../../model/report.js';
import { endLineOf, imageLayers, type AnalysisInput, type Rule } from '../input.js';
import { isSecretName } from '../../core/secret-names.js';

// Key and .env files in the layers the Dockerfile made (base layers are not the user's to fix).
function secretFiles(input: AnalysisInput): Finding[] {
  const findings: Finding[] = [];
  for (const layer of imageLayers(input)) {
    const secrets = layer.facts.categories.find((c) => c.category === 'secret');
    if (!secrets || layer.line === undefined || layer.base) continue;
    findings.push({
      rule: 'BL009' as const,
      severity: 'error',
      line: layer.line,
      endLine: endLineOf(input, layer.line),
      message:
        `secret-like files are in this layer: ` +
        `${secrets.paths.slice(0, 5).join(', ')}${secrets.files > 5 ? ` and ${secrets.files - 5} more` : ''}`,
      evidence: { paths: secrets.paths, files: secrets.files },
    });
  }
  return findings;
}

// ARGs declared with a credential-like name; only the name is reported, never a default value.
function secretArgs(input: AnalysisInput): Finding[] {
  const passed = new Set(input.buildArgNames);
  const args = [...input.dockerfile.globalArgs, ...input.dockerfile.stages.flatMap((s) => s.instructions)].filter(
    (i) => i.keyword === 'ARG',
  );
  return args.flatMap((i) =>
    argNames(i)
      .filter(isSecretName)
      .map(
        (name): Finding => ({
          rule: 'BL009' as const,
          severity: 'error',
          line: i.line,
          endLine: i.endLine,
          message:
            `build arg ${name} looks like a secret: build args are kept in the image history and the build record; use a secret ` +
            `mount (RUN --mount=type=secret)`,
          evidence: { arg: name, passedThisBuild: passed.has(name) },
        }),
      ),
  );
}

/** BL009: secrets in the image's layers or in build args. */
export const BL009: Rule = {
  id: 'BL009',
  title: 'secrets in the image or its metadata',
  severity: 'error',
  explanation:
    'Anything copied into a layer can be read by whoever pulls the image, even if a later step deletes it. Build args end up in the ' +
    'image history and in the build record. Pass secrets with `RUN --mount=type=secret` (buildx --secret) and keep key and .env ' +
    'files out of the context with .dockerignore.',
  fix:
    '# before\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci\n# after\nRUN ' +
    '--mount=type=secret,id=npmrc,target=/root/.npmrc npm ci',
  check(input) {
    return [...secretFiles(input), ...secretArgs(input)];
  },
};
