import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';

// The official SARIF 2.1.0 JSON schema, as Microsoft's SARIF multitool
// package ships it (its platform package for this machine carries the file).

const require = createRequire(import.meta.url);

function schemaPath(): string {
  for (const platform of ['linux', 'darwin', 'win32']) {
    try {
      return join(dirname(require.resolve(`@microsoft/sarif-multitool-${platform}/package.json`)), 'sarif-2.1.0.json');
    } catch {
      // not installed for this platform
    }
  }
  throw new Error('the SARIF 2.1.0 schema was not found: npm ci installs @microsoft/sarif-multitool for this platform');
}

/** Validates a SARIF log; returns the schema errors (empty when valid). */
export function sarifSchemaErrors(log: unknown): string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath(), 'utf8')) as object);
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
