import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { buildHelp, runBuild } from '../../src/commands/build.js';
import { UsageError } from '../../src/core/errors.js';
import { capturedCli, type CapturedCli } from '../support/captured-cli.js';

// `buildlens build` before anything is built: its help, and the usage errors
// that must stop it before buildx runs. A fake docker first on PATH (answering
// nothing) logs any call, so "buildx never ran" is checked, not assumed.

// Written out rather than read from the budgets table, so a missing flag fails here.
const BUDGET_FLAGS = ['--max-image-size SIZE', '--max-wasted SIZE', '--min-cache-ratio R', '--max-duration DUR', '--fail-on LEVEL', '--max-growth PCT', '--min-efficiency R', '--max-dive-wasted SIZE', '--max-wasted-percent R'];

let cli: CapturedCli;
let dir: string;
let out: string;
beforeEach(async () => {
  cli = await capturedCli([]);
  dir = await mkdtemp(join(tmpdir(), 'buildlens-build-cmd-'));
  const env = cli.env();
  for (const key of ['PATH', 'DOCKER_CONFIG', 'FAKE_CLI_LOG', 'FAKE_CLI_FIXTURES', 'FAKE_CLI_CAPTURES', 'FAKE_CAPTURE_ROOT']) vi.stubEnv(key, env[key] ?? '');
  out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await cli.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('buildHelp', () => {
  test('lists every budget flag with its value, each once', () => {
    const help = buildHelp();
    for (const flag of BUDGET_FLAGS) expect(help.split('\n').filter((line) => line.startsWith(`  ${flag} `))).toHaveLength(1);
  });

  test('lists every report format and buildlens\'s other options', () => {
    const help = buildHelp();
    expect(help).toContain('  --report-format LIST    json,md,sarif,html,gitlab (json is always written)');
    for (const option of ['--report-dir DIR', '--baseline PREV', '--ci-config FILE', '--no-analysis', '-h, --help']) expect(help).toContain(`  ${option} `);
  });

  test('states the exit codes', () => {
    expect(buildHelp()).toContain('Exit codes: buildx\'s own; 3 a gate failed; 2 usage error; 4 builder unreachable;\n130/143 interrupted.');
  });
});

// The usage error runBuild gives for `argv`, checked to come before buildx ran.
async function usageError(argv: string[]): Promise<string> {
  const error = await runBuild(argv).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UsageError);
  expect((error as UsageError).exitCode).toBe(2);
  expect((error as Error).message).not.toContain('\n');
  expect(await cli.calls()).toEqual([]);
  return (error as Error).message;
}

describe('runBuild before buildx runs', () => {
  test('--help prints the help and exits 0 without running buildx', async () => {
    expect(await runBuild(['--help'])).toBe(0);
    expect(out).toBe(buildHelp());
    expect(await cli.calls()).toEqual([]);
  });

  test('a missing context', async () => {
    expect(await usageError(['-t', 'app'])).toBe('missing build context (e.g. `buildlens build .`)');
  });

  test('a budget that does not parse', async () => {
    expect(await usageError(['--max-image-size', 'huge', dir])).toBe('--max-image-size: "huge" is not a size (e.g. 200MB, 1.5GiB, 500000)');
  });

  test('an unknown report format', async () => {
    expect(await usageError(['--report-format', 'json,pdf', dir])).toBe('--report-format: unknown format "pdf" (choose from json, md, sarif, html, gitlab)');
  });

  test('a --baseline that cannot be read', async () => {
    const missing = join(dir, 'missing.json');
    expect(await usageError(['--baseline', missing, dir])).toMatch(new RegExp(`^--baseline: ${missing}: no such file or directory`));
  });

  test('a --baseline that is not a report', async () => {
    const path = join(dir, 'package.json');
    await writeFile(path, JSON.stringify({ name: 'app' }));
    expect(await usageError(['--baseline', path, dir])).toBe(`--baseline: ${path} is not a buildlens report.json: it has no schemaVersion`);
  });

  test('--max-growth without --baseline', async () => {
    expect(await usageError(['--max-growth', '10%', dir])).toBe(
      "--max-growth needs --baseline PREV (the earlier build's report directory, report.json or .dockerbuild)",
    );
  });

  test('a --ci-config that cannot be read, or holds a rule dive would refuse', async () => {
    const missing = join(dir, '.dive-ci');
    expect(await usageError(['--ci-config', missing, dir])).toMatch(new RegExp(`^--ci-config: cannot read ${missing} \\(`));
    await writeFile(missing, 'rules:\n  highestUserWastedPercent: 1.5\n');
    expect(await usageError(['--ci-config', missing, dir])).toBe(`--ci-config: ${missing}: highestUserWastedPercent: "1.5" is not a ratio from 0 to 1`);
  });
});
