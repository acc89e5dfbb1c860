import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Report } from '../../src/model/report.js';

// The exports scripts/record-exports.sh recorded, and what buildlens said
// about the same builds live.

const dir = new URL('../fixtures/dockerbuild/', import.meta.url);

/** The recorded scenarios, each one build. */
export const SCENARIOS = ['success', 'failed-run', 'edit-before', 'edit-after'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Path of a recorded file. */
export function exportPath(name: string): string {
  return fileURLToPath(new URL(name, dir));
}

/** The history ref of each scenario's build. */
export function refOf(scenario: Scenario): string {
  const refs = JSON.parse(readFileSync(new URL('refs.json', dir), 'utf8')) as Record<string, string>;
  const ref = refs[scenario];
  if (!ref) throw new Error(`refs.json has no ${scenario}`);
  return ref;
}

/** `buildlens report REF --json` of the scenario's build, as printed live. */
export function liveReport(scenario: Scenario): Report {
  return JSON.parse(readFileSync(new URL(`${scenario}.report.json`, dir), 'utf8')) as Report;
}

/** `buildlens history --json` rows of the recorded builds. */
export function liveHistoryRows(): Array<Record<string, unknown>> {
  return JSON.parse(readFileSync(new URL('history.json', dir), 'utf8')) as Array<Record<string, unknown>>;
}
