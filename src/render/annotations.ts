import type { Finding, Report } from '../model/report.js';
import { bytes, duration } from '../core/format.js';

// GitHub Actions workflow commands: printed to stdout inside a workflow step,
// each line becomes an annotation on the Dockerfile line in the PR's diff.
// Escaping follows actions/toolkit's command.ts (escapeData / escapeProperty):
// https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts

const COMMAND: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', info: 'notice' };

/** A workflow command's message, escaped so it stays one command on one line. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: as escapeData, plus the `:` and `,` that delimit properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(name: string, properties: Array<[string, string | number]>, message: string): string {
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

function findingMessage(finding: Finding): string {
  const savings = [
    ...(finding.savingsBytes ? [bytes(finding.savingsBytes)] : []),
    ...(finding.savingsMs ? [duration(finding.savingsMs)] : []),
  ];
  return savings.length > 0 ? `${finding.message} (fixing it saves ${savings.join(', ')})` : finding.message;
}

/** One workflow command per finding (and one for a failed build), newline-terminated; empty when there is nothing to say. */
export function githubAnnotations(report: Report, dockerfilePath: string): string {
  const out: string[] = [];
  const error = report.build.error;
  if (error) {
    const where: Array<[string, string | number]> =
      error.line !== undefined
        ? [
            ['file', dockerfilePath],
            ['line', error.line],
            ['endLine', error.endLine ?? error.line],
          ]
        : [['file', dockerfilePath]];
    out.push(command('error', [...where, ['title', `build ${report.build.status}`]], error.message));
  }
  for (const finding of report.findings) {
    const properties: Array<[string, string | number]> = [
      ['file', dockerfilePath],
      ['line', finding.line],
      ['endLine', finding.endLine],
      ['title', finding.rule],
    ];
    out.push(command(COMMAND[finding.severity], properties, findingMessage(finding)));
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}
