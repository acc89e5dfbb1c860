import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeReportFiles } from '../../src/render/report-dir.js';
import { liveReport, refOf } from '../record-file/support.js';

// The action's restore step (scripts/github-action.sh restore-baseline) off
// GitHub: the GitHub CLI is stood in for by a script answering the two calls
// the step makes, in the shape GitHub's REST API documents (List artifacts for
// a repository; Download an artifact, a zip of the uploaded directory).

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = join(root, 'scripts', 'github-action.sh');
const work = mkdtempSync(join(tmpdir(), 'buildlens-action-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const FAKE_GH = `#!/usr/bin/env node
const { appendFileSync, readFileSync, existsSync } = require('node:fs');
const dir = process.env.FAKE_GH_DIR;
const args = process.argv.slice(2);
appendFileSync(dir + '/calls.log', JSON.stringify(args) + '\\n');
if (process.env.FAKE_GH_FAIL) { process.stderr.write('HTTP 403: Resource not accessible by integration\\n'); process.exit(1); }
const path = args.find((a) => a.startsWith('repos/'));
const zip = /artifacts\\/(\\d+)\\/zip$/.exec(path ?? '');
if (zip) {
  const file = dir + '/zips/' + zip[1] + '.zip';
  if (!existsSync(file)) { process.stderr.write('HTTP 404: Not Found\\n'); process.exit(1); }
  process.stdout.write(readFileSync(file));
} else {
  const name = args[args.indexOf('-f') + 1].replace(/^name=/, '');
  const list = JSON.parse(readFileSync(dir + '/artifacts.json', 'utf8'));
  const artifacts = list.artifacts.filter((a) => a.name === name);
  process.stdout.write(JSON.stringify({ total_count: artifacts.length, artifacts }));
}
`;

const CURRENT_RUN = 9003;
// Newest first, as GitHub lists them: this run's own, an expired one, a feature branch, main.
const ARTIFACTS = [
  {
    id: 31,
    name: 'buildlens-report',
    expired: false,
    created_at: '2025-06-03T10:00:00Z',
    workflow_run: { id: CURRENT_RUN, head_branch: 'feature' },
  },
  {
    id: 30,
    name: 'buildlens-report',
    expired: true,
    created_at: '2025-06-02T12:00:00Z',
    workflow_run: { id: 9002, head_branch: 'feature' },
  },
  {
    id: 20,
    name: 'buildlens-report',
    expired: false,
    created_at: '2025-06-02T10:00:00Z',
    workflow_run: { id: 9001, head_branch: 'feature' },
  },
  { id: 21, name: 'other-report', expired: false, created_at: '2025-06-02T11:00:00Z', workflow_run: { id: 9001, head_branch: 'feature' } },
  { id: 10, name: 'buildlens-report', expired: false, created_at: '2025-06-01T10:00:00Z', workflow_run: { id: 9000, head_branch: 'main' } },
  { id: 11, name: 'buildlens-report', expired: false, created_at: '2025-05-01T10:00:00Z', workflow_run: { id: 8000, head_branch: 'main' } },
];

let gh: string;
beforeAll(async () => {
  gh = join(work, 'gh');
  writeFileSync(gh, FAKE_GH);
  chmodSync(gh, 0o755);
  mkdirSync(join(work, 'api', 'zips'), { recursive: true });
  writeFileSync(join(work, 'api', 'artifacts.json'), JSON.stringify({ total_count: ARTIFACTS.length, artifacts: ARTIFACTS }));
  // Artifact 20: the feature branch's last report; 10: main's; 11: an upload that holds no report.json.
  for (const [id, scenario] of [
    [20, 'edit-after'],
    [10, 'edit-before'],
  ] as const) {
    const dir = join(work, `report-${id}`);
    await writeReportFiles(dir, liveReport(scenario), ['json', 'md']);
    await execa('zip', ['-qr', join(work, 'api', 'zips', `${id}.zip`), '.'], { cwd: dir });
  }
  mkdirSync(join(work, 'empty-11'));
  writeFileSync(join(work, 'empty-11', 'notes.txt'), 'no report here\n');
  await execa('zip', ['-qr', join(work, 'api', 'zips', '11.zip'), '.'], { cwd: join(work, 'empty-11') });
});

let runs = 0;
// Runs the restore step as the action does; returns its outputs, stdout (annotations) and the gh calls.
async function restore(env: Record<string, string>) {
  const temp = join(work, `runner-${++runs}`);
  mkdirSync(temp);
  writeFileSync(join(work, 'api', 'calls.log'), '');
  const outputFile = join(temp, 'output');
  const result = await execa('bash', [script, 'restore-baseline'], {
    reject: false,
    env: {
      BUILDLENS_GH: gh,
      FAKE_GH_DIR: join(work, 'api'),
      GITHUB_OUTPUT: outputFile,
      GITHUB_REPOSITORY: 'octo/app',
      GITHUB_RUN_ID: String(CURRENT_RUN),
      GITHUB_REF_NAME: 'feature',
      RUNNER_TEMP: temp,
      INPUT_ARTIFACT_NAME: 'buildlens-report',
      INPUT_DEFAULT_BRANCH: 'main',
      ...env,
    },
  });
  const outputs = Object.fromEntries(
    (existsSync(outputFile) ? readFileSync(outputFile, 'utf8') : '')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const calls = readFileSync(join(work, 'api', 'calls.log'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as string[]);
  return { ...result, outputs, calls, temp };
}

const reportIn = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { build: { ref: string } };

describe('github-action.sh restore-baseline', () => {
  test("this branch's newest report of another run, unpacked as a report directory", async () => {
    const { exitCode, outputs, calls, temp } = await restore({});
    expect(exitCode).toBe(0);
    expect(outputs.baseline).toBe(join(temp, 'buildlens-baseline'));
    expect(reportIn(outputs.baseline ?? '').build.ref).toBe(refOf('edit-after'));
    expect(calls).toEqual([
      ['api', '-X', 'GET', 'repos/octo/app/actions/artifacts', '-f', 'name=buildlens-report', '-f', 'per_page=100'],
      ['api', 'repos/octo/app/actions/artifacts/20/zip'],
    ]);
  });

  test("a pull request's first run compares with the default branch", async () => {
    const { outputs } = await restore({ GITHUB_HEAD_REF: 'new-feature', GITHUB_REF_NAME: '12/merge' });
    expect(reportIn(outputs.baseline ?? '').build.ref).toBe(refOf('edit-before'));
  });

  test('nothing to compare with yet: no baseline, and the build goes on', async () => {
    const { exitCode, outputs, stderr, calls } = await restore({ GITHUB_REF_NAME: 'lonely', INPUT_DEFAULT_BRANCH: 'trunk' });
    expect(exitCode).toBe(0);
    expect(outputs).toEqual({ baseline: '' });
    expect(stderr).toContain('no earlier artifact buildlens-report on lonely or trunk: nothing to compare with yet');
    expect(calls).toHaveLength(1);
  });

  test('an artifact without report.json, and an API that refuses: a warning, no baseline, exit 0', async () => {
    const emptyOnly = await restore({ INPUT_ARTIFACT_NAME: 'buildlens-report', GITHUB_REF_NAME: 'main', GITHUB_RUN_ID: '9000' });
    // Run 9000 is this one: main's other artifact (11) holds no report.
    expect(emptyOnly.exitCode).toBe(0);
    expect(emptyOnly.outputs).toEqual({ baseline: '' });
    expect(emptyOnly.stdout).toBe(
      '::warning title=buildlens::artifact buildlens-report of run 8000 holds no report.json; building without a baseline',
    );
    const refused = await restore({ FAKE_GH_FAIL: '1' });
    expect(refused.exitCode).toBe(0);
    expect(refused.outputs).toEqual({ baseline: '' });
    expect(refused.stdout).toMatch(
      /^::warning title=buildlens::could not list the artifacts named buildlens-report \(does the job have permissions: actions: read\?\)/,
    );
  });

  test('`none` asks nothing of GitHub; a path is used as given', async () => {
    const none = await restore({ INPUT_BASELINE: 'none' });
    expect(none.outputs).toEqual({ baseline: '' });
    expect(none.calls).toEqual([]);
    const path = await restore({ INPUT_BASELINE: 'previous/build.dockerbuild' });
    expect(path.outputs.baseline).toBe('previous/build.dockerbuild');
    expect(path.calls).toEqual([]);
  });

  test('an unknown subcommand is a usage error', async () => {
    const result = await execa('bash', [script, 'deploy'], { reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('buildlens-action: usage: github-action.sh install|restore-baseline|build');
  });
});
