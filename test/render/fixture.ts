import { runRules } from '../analysis/support/build-input.js';
import type { Report } from '../../src/model/report.js';
import { buildInput, category, dockerfile, MiB } from '../analysis/support/build-input.js';

// A report as the pipeline makes it: our own model types filled in by the
// rule-test builder, findings from the real rules (not typed in by hand).

/** The Dockerfile of the fixture: an apt install that keeps its lists and docs, a download deleted too late, a slow npm ci after COPY . . */
export const FIXTURE_DOCKERFILE = dockerfile(
  'FROM node:20.11-bookworm', //                                                                  1
  'ARG NPM_TOKEN', //                                                                            2
  'RUN apt-get update && apt-get install -y curl', //                                            3
  'RUN curl -fsSL -o /tmp/x.tgz https://example.com/x.tgz && tar -xzf /tmp/x.tgz -C /opt', //    4
  'RUN rm /tmp/x.tgz', //                                                                        5
  'WORKDIR /app', //                                                                             6
  'COPY . .', //                                                                                 7
  'RUN npm ci', //                                                                               8
  'CMD ["node", "server.js"]', //                                                                9
);

/** The fixture report; `secretValue` is what NPM_TOKEN was set to, which must never show up anywhere. */
export function fixtureReport(): Report {
  const input = buildInput({
    dockerfile: FIXTURE_DOCKERFILE,
    layers: [
      { line: 1, base: true, bytes: 330 * MiB },
      { line: 3, bytes: 60 * MiB, categories: [category('apt-lists', 20 * MiB, ['var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4']), category('docs', 8 * MiB, ['usr/share/doc'])] },
      { line: 4, bytes: 30 * MiB, wastedBy: [{ layer: 3, bytes: 4 * MiB, paths: ['tmp/x.tgz'] }] },
      { line: 5, bytes: 0 },
      { line: 7, bytes: 2 * MiB },
      { line: 8, bytes: 40 * MiB },
    ],
    steps: { 3: { durationMs: 21_000 }, 8: { durationMs: 42_000 }, 4: { durationMs: 3_000 }, 1: { cached: true, durationMs: 0 } },
    buildArgNames: ['NPM_TOKEN'],
  });
  const report = input.report;
  report.findings = runRules(input);
  report.cacheMisses = [
    { line: 7, step: 'step-7', instruction: 'COPY . .', cause: 'context-files-changed', details: { sources: ['.'], modified: ['src/server.js'] }, root: true, costMs: 500 },
    { line: 8, step: 'step-8', instruction: 'RUN npm ci', cause: 'parent-missed', details: { parentLine: 7 }, costMs: 42_000 },
  ];
  report.compareRef = 'previousref';
  return report;
}

/** A value a build arg might carry; rules only ever see names, so no output may contain it. */
export const SECRET_VALUE = 'npm_s3cr3tV4lue0123456789';
