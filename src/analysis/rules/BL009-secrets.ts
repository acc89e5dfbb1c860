import { imageLayers, endLineOf, type Rule } from '../input.js';

const SECRET_ARG = /(^|_)(TOKEN|PASSWORD|PASSWD|SECRET|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?|AUTH)(_|$)/i;

/** BL009: secrets in the image's layers or in build args. */
export const BL009: Rule = {
  id: 'BL009',
  title: 'secrets in the image or its metadata',
  severity: 'error',
  explanation:
    'Anything copied into a layer can be read by whoever pulls the image, even if a later step deletes it. Build args end up in the image history and in the build record. Pass secrets with `RUN --mount=type=secret` (buildx --secret) and keep key and .env files out of the context with .dockerignore.',
  fix: '# before\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci\n# after\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci',
  check(input) {
    const findings = [];
    for (const layer of imageLayers(input)) {
      const secrets = layer.facts.categories.find((c) => c.category === 'secret');
      if (!secrets || layer.line === undefined || layer.base) continue;
      findings.push({
        rule: 'BL009',
        severity: 'error' as const,
        line: layer.line,
        endLine: endLineOf(input, layer.line),
        message: `secret-like files are in this layer: ${secrets.paths.slice(0, 5).join(', ')}${secrets.files > 5 ? ` and ${secrets.files - 5} more` : ''}`,
        evidence: { paths: secrets.paths, files: secrets.files },
      });
    }
    const named = new Set(input.buildArgNames.filter((n) => SECRET_ARG.test(n)));
    for (const stage of input.dockerfile.stages) {
      for (const i of stage.instructions) {
        if (i.keyword !== 'ARG') continue;
        const name = i.args.trim().split('=')[0] ?? '';
        if (!SECRET_ARG.test(name)) continue;
        named.delete(name);
        findings.push({
          rule: 'BL009',
          severity: 'error' as const,
          line: i.line,
          endLine: i.endLine,
          message: `build arg ${name} looks like a secret: build args are kept in the image history and the build record; use a secret mount`,
          evidence: { arg: name },
        });
      }
    }
    for (const arg of input.dockerfile.globalArgs) {
      const name = arg.args.trim().split('=')[0] ?? '';
      if (SECRET_ARG.test(name)) findings.push({ rule: 'BL009', severity: 'error' as const, line: arg.line, endLine: arg.endLine, message: `build arg ${name} looks like a secret: use a secret mount`, evidence: { arg: name } });
    }
    return findings;
  },
};
