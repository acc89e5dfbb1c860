import { isSecretName } from '../core/secret-names.js';

// A Dockerfile may give a secret-named ARG a default (`ARG NPM_TOKEN=...`).
// Reports show instructions, so the value is masked wherever one is printed.

/** The instruction text with the values of secret-named ARG/ENV assignments replaced by "***". */
export function redactInstruction(text: string): string {
  if (!/^\s*(ARG|ENV)\s/i.test(text)) return text;
  return text.replace(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S+)/g, (whole, name: string) => (isSecretName(name) ? `${name}=***` : whole));
}
