import { isSecretName } from '../core/secret-names.js';
import { allInstructions, type DockerfileModel } from './model.js';

// A Dockerfile may give a secret-named ARG a default (`ARG NPM_TOKEN=...`).
// Reports show instructions, so the value is masked wherever one is printed.

/** The instruction text with the values of secret-named ARG/ENV assignments replaced by "***". */
export function redactInstruction(text: string): string {
  if (!/^\s*(ARG|ENV)\s/i.test(text)) return text;
  return text.replace(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S+)/g, (whole, name: string) =>
    isSecretName(name) ? `${name}=***` : whole,
  );
}

/** The Dockerfile's lines, each ARG and ENV instruction masked as redactInstruction does (line numbers unchanged). */
export function redactDockerfile(model: DockerfileModel): string[] {
  const lines = [...model.lines];
  for (const instruction of allInstructions(model)) {
    if (instruction.keyword !== 'ARG' && instruction.keyword !== 'ENV') continue;
    const masked = redactInstruction(instruction.text).split('\n');
    masked.forEach((text, i) => (lines[instruction.line - 1 + i] = text));
  }
  return lines;
}
