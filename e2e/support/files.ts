import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Reading what a CLI run wrote.

// The report.json a run wrote into dir (parsed, unchecked).
export function readReport(dir: string): any {
  return JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
}

// Every regular file below dir.
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((entry) => join(dir, entry)).filter((path) => statSync(path).isFile());
}
