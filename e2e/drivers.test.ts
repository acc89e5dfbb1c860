import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, test } from 'vitest';
import { BuilderTable } from './support/builder-table.js';
import { discoverBuilders, dockerOn, type ReadyBuilder } from './support/builders.js';
import { CLI_PATH, cleanupContexts, eventually, makeContext, readReport, runCli, spawnCli } from './support/index.js';

// One core list of tests, run on every builder scripts/engines/builders.sh
// lists: the default engine, dockerd 28.5, docker-container, remote over a
// unix socket and over TCP+TLS, and a multi-node builder of two platforms.
// Every build here goes through the real CLI and the builder's own buildx.

afterAll(cleanupContexts);

// Every builder's outcome and time per test, printed when the list ends.
const table = new BuilderTable();
afterAll(() => {
  process.stdout.write(`\nper builder:\n${table.render()}\n`);
});

const builders = await discoverBuilders();

// Steps a builder is known to get wrong today, by test name: each runs as
// test.fails, so it turns red the day it is fixed and must move back here.
const NO_OUTPUT = 'a build with no output still reports its steps, and says whether anything was exported';
const KNOWN_WRONG: Record<string, Record<string, string>> = {};

const BASE = 'buildlens-fixture/busybox:1';

function dockerfile(nonce: string): string {
  return `FROM ${BASE}
RUN echo one ${nonce} > /one
COPY a.txt /a.txt
RUN echo two > /two
`;
}

const FAILING = (nonce: string) => `FROM ${BASE}
RUN echo preparing ${nonce}
RUN echo "about to fail" && \\
    exit 7
`;

// Trips three of BuildKit's checks: FromAsCasing (1), SecretsUsedInArgOrEnv
// on an ARG (2, buildlens's BL009 too) and on an ENV (3), JSONArgsRecommended
// on a CMD of two lines (5-6).
const CHECKED = (nonce: string) => `FROM ${BASE} as base
ARG NPM_TOKEN
ENV API_KEY=placeholder
RUN echo checked ${nonce}
CMD echo \\
    done
`;

function nonce(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

// The CLI's args for a build on this builder: --builder and --platform first, then the test's own.
function buildArgs(builder: ReadyBuilder, args: readonly string[], opts: { platforms?: boolean } = {}): string[] {
  const platforms = opts.platforms === false || builder.platforms.length === 0 ? [] : ['--platform', builder.platforms.join(',')];
  return ['build', ...builder.builderArgs, ...platforms, ...args];
}

async function cli(builder: ReadyBuilder, args: readonly string[]) {
  return runCli(args, { env: builder.env, timeoutMs: 240_000 });
}

async function plainBuildx(builder: ReadyBuilder, args: readonly string[]) {
  return execa('docker', ['buildx', ...args], { env: builder.env, reject: false, stdin: 'ignore' });
}

// The manifest the local registry holds for a reference, or undefined.
async function registryHas(reference: string): Promise<boolean> {
  const match = /^([^/]+)\/(.+):([^:]+)$/.exec(reference);
  if (!match) throw new Error(`not a registry reference: ${reference}`);
  const [, host, repo, tag] = match;
  const response = await fetch(`http://${host}/v2/${repo}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { accept: 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' },
  });
  return response.ok;
}

// Every step of a report sits on its Dockerfile line.
function expectStepsOnLines(report: any, text: string): void {
  const lines = text.split('\n');
  expect(report.steps.length).toBeGreaterThan(0);
  for (const step of report.steps) expect(lines[step.line - 1]?.trim()).toBe(String(step.instruction).split('\n')[0]);
}

// Every instruction line has a step, for each platform the build asked for.
function expectEveryLinePerPlatform(report: any, text: string, platforms: string[]): void {
  const wanted = text.split('\n').map((l, i) => (l.trim() ? i + 1 : 0)).filter(Boolean);
  for (const platform of platforms.length > 0 ? platforms : [undefined]) {
    const own = report.steps.filter((s: any) => platform === undefined || s.platform === platform);
    expect([...new Set(own.map((s: any) => s.line))].sort((a: any, b: any) => a - b), `lines of ${platform ?? 'the build'}`).toEqual(wanted);
  }
}

// A step as buildx's plain progress names it: "[2/4]", or "[linux/386 2/4]" on several platforms.
function stepKey(platform: string | undefined, line: number): string {
  return `${platform ?? ''}#${line}`;
}

// The steps buildx's plain progress marked CACHED. In the one-stage
// Dockerfiles here, step n of the stage is on line n.
function cachedPerBuildx(progress: string): Set<string> {
  const names = new Map<string, { platform: string | undefined; line: number }>();
  const cached = new Set<string>();
  for (const text of progress.split('\n')) {
    const named = /^#(\d+) \[(?:(\S+\/\S+) )?(\d+)\/\d+\]/.exec(text);
    if (named?.[1] && named[3]) names.set(named[1], { platform: named[2], line: Number(named[3]) });
    const hit = /^#(\d+) CACHED$/.exec(text);
    const step = hit?.[1] ? names.get(hit[1]) : undefined;
    if (step) cached.add(stepKey(step.platform, step.line));
  }
  return cached;
}

function coreTests(builder: ReadyBuilder): void {
  const known = KNOWN_WRONG[builder.name] ?? {};
  // `name` is the row of the table; `title` what the test says here, when it says more.
  const check = (name: string, body: () => Promise<void>, title = name) => {
    table.declare(name);
    if (known[name]) test.fails(`${title} (known wrong here: ${known[name]})`, () => table.time(builder.name, name, body, true));
    else test(title, () => table.time(builder.name, name, body));
  };
  const multiNode = builder.platforms.length > 1;
  const state: { context?: string; text?: string; report?: any; ref?: string } = {};

  check('a build writes a report whose steps sit on their lines with cached flags', async () => {
    const text = dockerfile(nonce());
    const context = makeContext({ Dockerfile: text, 'a.txt': 'a' });
    const out = join(context, 'report-1');
    const result = await cli(builder, buildArgs(builder, ['--report-dir', out, context]));
    expect(result.exitCode, result.stderr).toBe(0);
    const report = readReport(out);
    Object.assign(state, { context, text, report });
    expect(report.build.status).toBe('success');
    expect(report.build.driver).toBe(builder.driver);
    expect(report.build.platforms).toEqual(builder.platforms.length > 0 ? builder.platforms : [expect.any(String)]);
    expectStepsOnLines(report, text);
    const runs = report.steps.filter((s: any) => s.line === 2 || s.line === 4);
    expect(runs.length).toBeGreaterThan(0);
    for (const step of runs) expect(step.cached, `line ${step.line}`).toBe(false);
  });

  check('every platform has a step on every Dockerfile line', async () => {
    expect(state.report, 'the first build ran').toBeDefined();
    expectEveryLinePerPlatform(state.report, state.text!, builder.platforms);
  });

  check('a rebuild of the same context is all cached', async () => {
    expect(state.context, 'the first build ran').toBeDefined();
    const out = join(state.context!, 'report-2');
    const result = await cli(builder, buildArgs(builder, ['--report-dir', out, state.context!]));
    expect(result.exitCode, result.stderr).toBe(0);
    const report = readReport(out);
    expect(report.cache.steps).toBeGreaterThan(0);
    expect(report.cache.cached).toBe(report.cache.steps);
    state.ref = report.build.ref;
    for (const step of report.steps.filter((s: any) => s.line > 1)) expect(step.cached, `line ${step.line} ${step.platform ?? ''}`).toBe(true);
    expectStepsOnLines(report, state.text!);
  });

  // The default engine is shared: another build may be its last.
  const own = builder.name !== 'default';
  check('report last (REF on a shared engine) is the rebuild, with the same steps', async () => {
    expect(state.ref, 'the rebuild ran').toBeDefined();
    const result = await cli(builder, ['report', own ? 'last' : state.ref!, '--json', ...builder.builderArgs]);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.build.ref).toBe(state.ref);
    expectStepsOnLines(report, state.text!);
    // From every node's record on a multi-node builder.
    expectEveryLinePerPlatform(report, state.text!, builder.platforms);
  }, `report ${own ? 'last' : 'REF'} is the rebuild, with the same steps`);

  check('history lists the rebuild, on every node of the builder', async () => {
    expect(state.ref, 'the rebuild ran').toBeDefined();
    const result = await cli(builder, ['history', '--json', '--limit', '20', ...builder.builderArgs]);
    expect(result.exitCode, result.stderr).toBe(0);
    const rows = (JSON.parse(result.stdout) as Array<{ ref: string; status: string; node?: string }>).filter((r) => r.ref === state.ref);
    expect(rows.map((r) => r.status)).toEqual(rows.map(() => 'success'));
    // A multi-node build runs once per node, under one ref.
    expect(new Set(rows.map((r) => r.node)).size).toBe(multiNode ? builder.platforms.length : 1);
    // The table says whose record each row is.
    const table = await cli(builder, ['history', '--limit', '20', ...builder.builderArgs]);
    expect(table.exitCode, table.stderr).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]?.split(/\s+/).slice(0, 2)).toEqual(multiNode ? ['REF', 'NODE'] : ['REF', 'STARTED']);
    expect(lines.filter((l) => l.startsWith(`${state.ref} `))).toHaveLength(rows.length);
    if (multiNode) for (const row of rows) expect(lines.some((l) => l.startsWith(`${state.ref}  ${row.node} `))).toBe(true);
  });

  check('why names the edited file behind the first miss', async () => {
    expect(state.context, 'the first build ran').toBeDefined();
    writeFileSync(join(state.context!, 'a.txt'), `edited ${nonce()}`);
    const out = join(state.context!, 'report-edited');
    const rebuilt = await cli(builder, buildArgs(builder, ['--report-dir', out, state.context!]));
    expect(rebuilt.exitCode, rebuilt.stderr).toBe(0);
    const result = await cli(builder, ['why', readReport(out).build.ref, '--json', ...builder.builderArgs]);
    expect(result.exitCode, result.stderr).toBe(0);
    const why = JSON.parse(result.stdout);
    const first = why.cacheMisses.find((m: any) => m.root);
    expect([first?.line, first?.cause], JSON.stringify(why.cacheMisses)).toEqual([3, 'context-files-changed']);
    expect(first.details.modified ?? first.details.added).toContain('a.txt');
  });

  check('the live view on a terminal shows the stage and its steps, then the summary', async () => {
    const text = dockerfile(nonce());
    const context = makeContext({ Dockerfile: text, 'a.txt': 'live' });
    // `script` gives the CLI a pseudo-terminal, as a person's shell would.
    const command = ['node', CLI_PATH, ...buildArgs(builder, [context])].map((a) => `'${a}'`).join(' ');
    const transcript = join(context, 'transcript.txt');
    const result = await execa('script', ['-qec', `stty cols 120 rows 40; ${command}`, transcript], { reject: false, env: { ...process.env, ...builder.env, CI: '' }, stdin: 'ignore' });
    expect(result.exitCode, result.stderr).toBe(0);
    const screen = readFileSync(transcript, 'utf8').replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, '');
    // FROM is not a step (one count everywhere): RUN, COPY, RUN.
    expect(screen).toMatch(/stage-0\s+3\/3 steps/);
    expect(screen).toMatch(/line [24]\s+RUN echo/);
    expect(screen).toContain('buildlens: build succeeded');
  });

  check('Ctrl-C mid-build exits 130 as canceled, with a report of the canceled build', async () => {
    const token = `running-${nonce()}`;
    // Shell builtins only: they run on every platform a node emulates.
    const context = makeContext({ Dockerfile: `FROM ${BASE}\nRUN echo ${token} && while :; do :; done\n` });
    const out = join(context, 'report');
    const child = spawnCli(buildArgs(builder, ['--progress', 'plain', '--report-dir', out, context]), { env: builder.env });
    let progress = '';
    child.stderr?.on('data', (chunk: Buffer) => (progress += chunk.toString()));
    expect(await eventually(() => new RegExp(`#\\d+ [\\d.]+ ${token}`).test(progress), 120_000)).toBe(true);
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode, result.stderr).toBe(130);
    const report = readReport(out);
    expect(report.build.status).toBe('canceled');
    expect(report.build.error?.line).toBe(2);
  });

  // A Dockerfile that fails, built by plain buildx and by buildlens: the same exit code, and the failed build's report.
  const failedAsBuildx = async (text: string) => {
    const plain = await plainBuildx(builder, buildArgs(builder, [makeContext({ Dockerfile: text })]));
    expect(plain.exitCode).not.toBe(0);
    const context = makeContext({ Dockerfile: text });
    const out = join(context, 'report');
    const result = await cli(builder, buildArgs(builder, ['--report-dir', out, context]));
    expect(result.exitCode).toBe(plain.exitCode);
    const report = readReport(out);
    expect(report.build.status).toBe('failed');
    return report;
  };

  check('a failing RUN exits with buildx\'s code and the report names its line', async () => {
    const text = FAILING(nonce());
    const report = await failedAsBuildx(text);
    expect(report.build.error?.line).toBe(3);
  });

  // Only a builder of several nodes builds each platform apart: there buildx cancels the
  // other node's part when one fails, and that node's record says only "context canceled".
  const onePlatformFails = 'one platform failing: the report gives its error and line, the other node\'s part is canceled';
  if (!multiNode) table.record(builder.name, onePlatformFails, 'not applicable');
  else check(onePlatformFails, async () => {
    const [first, second] = builder.platforms;
    const arch = (second ?? first ?? '').split('/')[1] ?? '';
    // Shell builtins only; the other platform's RUN is still counting when this one exits 3.
    const text = `FROM ${BASE}\nARG TARGETARCH\nRUN if [ "$TARGETARCH" = ${arch} ]; then echo failing-${nonce()}; exit 3; fi; i=0; while [ $i -lt 20000000 ]; do i=$((i+1)); done\n`;
    const report = await failedAsBuildx(text);
    expect(report.build.error?.message).toMatch(/exit code: 3$/);
    expect(report.build.error?.line).toBe(3);
    const failing = report.steps.find((s: any) => s.line === 3 && s.platform === second);
    expect(failing?.canceled).toBeUndefined();
  });

  check('failing look-alike builds run at once each get their own record, beside a success', async () => {
    // The same failing Dockerfile from two directories, and a success, at once: records for all three are created while each runs.
    const text = FAILING(nonce());
    const contexts = [makeContext({ Dockerfile: text }), makeContext({ Dockerfile: text }), makeContext({ Dockerfile: `FROM ${BASE}\nRUN echo fine ${nonce()}\n` })];
    const results = await Promise.all(
      contexts.map(async (context, i) => {
        await new Promise((r) => setTimeout(r, i * 400));
        return cli(builder, buildArgs(builder, ['--report-dir', join(context, 'report'), context]));
      }),
    );
    expect(results.map((r) => r.exitCode)).toEqual([1, 1, 0]);
    const reports = contexts.map((context) => readReport(join(context, 'report')));
    expect(reports.map((r) => r.build.status)).toEqual(['failed', 'failed', 'success']);
    expect(reports.slice(0, 2).map((r) => r.build.error?.line)).toEqual([3, 3]);
    expect(new Set(reports.map((r) => r.build.ref)).size).toBe(3);
    for (const result of results) expect(result.stderr).not.toContain('no report');
  });

  const pushName = '--push sends the image to the local registry';
  check(pushName, async () => {
    expect(builder.registry, 'the local registry is up (bash scripts/engines/registry.sh start)').toBeDefined();
    const reference = `${builder.registry}/buildlens-e2e/drivers:${nonce()}`;
    const context = makeContext({ Dockerfile: dockerfile(nonce()), 'a.txt': 'pushed' });
    const out = join(context, 'report');
    const result = await cli(builder, buildArgs(builder, ['--push', '-t', reference, '--report-dir', out, context]));
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await registryHas(reference)).toBe(true);
    const report = readReport(out);
    expect(report.build.status).toBe('success');
    expect(report.image?.layers.length).toBeGreaterThan(0);
    // A multi-node --push leaves no ref in buildx's metadata file: the record is found in each node's history.
    expectEveryLinePerPlatform(report, readFileSync(join(context, 'Dockerfile'), 'utf8'), builder.platforms);
    if (multiNode) expect(report.build.nodes.map((n: any) => n.platforms)).toEqual(builder.platforms.map((p) => [p]));
  });

  check('--output type=oci writes the archive, or fails as buildx does', async () => {
    const context = makeContext({ Dockerfile: dockerfile(nonce()), 'a.txt': 'oci' });
    const dest = join(context, 'image.tar');
    const out = join(context, 'report');
    const result = await cli(builder, buildArgs(builder, ['--output', `type=oci,dest=${dest}`, '--report-dir', out, context]));
    if (multiNode) {
      // buildx itself refuses an OCI archive from more than one node.
      const plain = await plainBuildx(builder, buildArgs(builder, ['--output', `type=oci,dest=${dest}`, context]));
      expect(plain.exitCode).not.toBe(0);
      expect(result.exitCode).toBe(plain.exitCode);
      return;
    }
    expect(result.exitCode, result.stderr).toBe(0);
    expect(statSync(dest).size).toBeGreaterThan(0);
    expect(readReport(out).build.status).toBe('success');
  });

  check('--load puts the image into the engine', async () => {
    const tag = `buildlens-e2e/drivers:${nonce()}`;
    const context = makeContext({ Dockerfile: dockerfile(nonce()), 'a.txt': 'loaded' });
    const out = join(context, 'report');
    try {
      const result = await cli(builder, buildArgs(builder, ['--load', '-t', tag, '--report-dir', out, context], { platforms: false }));
      expect(result.exitCode, result.stderr).toBe(0);
      expect((await dockerOn(builder, ['image', 'inspect', tag])).exitCode).toBe(0);
      expect(readReport(out).build.status).toBe('success');
    } finally {
      await dockerOn(builder, ['image', 'rm', '--force', tag]);
    }
  });

  // The default engine is shared with everything else on the machine: its
  // build cache is not this test's to prune, so the test is not defined there.
  const cacheName = 'a build restored from --cache-from after a prune is cached where buildx says so';
  if (builder.name === 'default') table.record(builder.name, cacheName, 'not applicable');
  else check(cacheName, async () => {
    const context = makeContext({ Dockerfile: dockerfile(nonce()), 'a.txt': 'cache' });
    const cacheDir = mkdtempSync(join(tmpdir(), 'e2e-cache-'));
    // One platform, so one node: nodes exporting into one local cache dir at once race in buildx's
    // own ingest ("rename tmp file … no such file or directory"), a buildx limit, not buildlens's.
    const onePlatform = { platforms: false };
    try {
      const exported = await cli(builder, buildArgs(builder, ['--cache-to', `type=local,dest=${cacheDir},mode=max`, context], onePlatform));
      expect(exported.exitCode, exported.stderr).toBe(0);
      const pruned = await plainBuildx(builder, ['prune', '--all', '--force', ...builder.builderArgs]);
      expect(pruned.exitCode, pruned.stderr).toBe(0);
      const out = join(context, 'report');
      const restoreArgs = ['--progress', 'plain', '--cache-from', `type=local,src=${cacheDir}`, '--report-dir', out, context];
      const restored = await cli(builder, buildArgs(builder, restoreArgs, onePlatform));
      expect(restored.exitCode, restored.stderr).toBe(0);
      const report = readReport(out);
      expect(report.cache.steps).toBeGreaterThan(0);
      // What buildx itself printed CACHED is what the report says, step by step.
      const printed = cachedPerBuildx(restored.stderr);
      for (const step of report.steps.filter((s: any) => s.line > 1)) {
        expect(step.cached, `line ${step.line}`).toBe(printed.has(stepKey(undefined, step.line)));
      }
      expect(report.cache.cached).toBe(report.cache.steps);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  check('SLSA v1 history provenance gives the same steps on the same lines', async () => {
    expect(state.report, 'the first build ran').toBeDefined();
    const text = state.text!.replace(/^RUN echo one \S+/m, `RUN echo one ${nonce()}`);
    const context = makeContext({ Dockerfile: text, 'a.txt': 'a' });
    const out = join(context, 'report');
    const result = await cli(builder, buildArgs(builder, ['--build-arg', 'BUILDKIT_HISTORY_PROVENANCE_V1=1', '--report-dir', out, context]));
    expect(result.exitCode, result.stderr).toBe(0);
    const report = readReport(out);
    expect(report.notes.filter((n: any) => n.topic === 'provenance')).toEqual([]);
    expectStepsOnLines(report, text);
    for (const step of report.steps) expect(step.id).not.toMatch(/^vertex-/);
    const shape = (r: any) => r.steps.map((s: any) => [s.line, s.endLine, s.stage, s.platform]).sort();
    expect(shape(report)).toEqual(shape(state.report));
  });

  // BuildKit runs its Dockerfile checks from v0.14 on; the default engine's v0.13 runs none.
  const checksRun = builder.name !== 'default';
  const checksName = "BuildKit's own build checks are findings on their lines in every format";
  check(checksName, async () => {
    const text = CHECKED(nonce());
    const context = makeContext({ Dockerfile: text });
    const out = join(context, 'report');
    const result = await cli(builder, buildArgs(builder, ['--report-dir', out, '--report-format', 'json,md,sarif,gitlab,html', context]));
    expect(result.exitCode, result.stderr).toBe(0);
    const report = readReport(out);
    const checks = report.findings.filter((f: any) => f.rule.startsWith('BK/'));
    if (!checksRun) {
      expect(checks).toEqual([]);
      return;
    }
    // One finding per check and line, whatever the number of platforms or nodes.
    expect(checks.map((f: any) => [f.rule, f.line, f.endLine, f.severity]).sort()).toEqual(
      [['BK/FromAsCasing', 1, 1, 'warning'], ['BK/JSONArgsRecommended', 5, 6, 'warning'], ['BK/SecretsUsedInArgOrEnv', 3, 3, 'warning']].sort(),
    );
    for (const f of checks) expect(f.evidence.url).toMatch(/^https:\/\/docs\.docker\.com\/go\/dockerfile\/rule\/[a-z-]+\/$/);
    // The secret-named ARG on line 2 is BL009's, which names the check instead of a second finding.
    expect(report.findings.filter((f: any) => f.line === 2).map((f: any) => [f.rule, f.relatedRules])).toEqual([['BL009', ['BK/SecretsUsedInArgOrEnv']]]);
    const files = (name: string) => readFileSync(join(out, name), 'utf8');
    expect(files('report.md')).toContain('[BK/FromAsCasing](https://docs.docker.com/go/dockerfile/rule/from-as-casing/)');
    const sarif = JSON.parse(files('report.sarif'));
    expect(sarif.runs[0].tool.driver.rules.map((r: any) => r.id)).toContain('BK/JSONArgsRecommended');
    expect(sarif.runs[0].results.filter((r: any) => r.ruleId.startsWith('BK/'))).toHaveLength(3);
    expect(JSON.parse(files('gl-code-quality-report.json')).filter((i: any) => i.check_name.startsWith('BK/'))).toHaveLength(3);
    expect(files('report.html')).toContain('>BK/SecretsUsedInArgOrEnv</a>');
    // The terminal summary.
    expect(result.stderr).toMatch(/warning +BK\/FromAsCasing/);
  }, `${checksName}${checksRun ? '' : ' (none here: BuildKit v0.13 runs no checks)'}`);

  check(NO_OUTPUT, async () => {
    const text = dockerfile(nonce());
    const context = makeContext({ Dockerfile: text, 'a.txt': 'none' });
    const out = join(context, 'report');
    const result = await cli(builder, buildArgs(builder, ['--report-dir', out, context]));
    expect(result.exitCode, result.stderr).toBe(0);
    const report = readReport(out);
    expectStepsOnLines(report, text);
    // The docker driver always stores the image; the others export nothing
    // without an output, and the report must say its image sizes are partial.
    if (builder.driver === 'docker') expect(report.build.exported).not.toBe(false);
    else {
      expect(report.build.exported).toBe(false);
      // What BuildKit had blobs for is not the image: marked partial, said once, and no whole-image finding.
      if (report.image) expect(report.image.partial).toBe(true);
      expect(report.notes.filter((n: { message: string }) => n.message.startsWith('nothing was exported: add --load or --output'))).toHaveLength(report.image ? 1 : 0);
      expect(report.findings.filter((f: { rule: string }) => ['BL004', 'BL006', 'BL012', 'BL015'].includes(f.rule))).toEqual([]);
    }
    expect(existsSync(join(out, 'report.json'))).toBe(true);
  });
}

for (const builder of builders) {
  describe(`on ${builder.name} (${builder.driver})`, () => {
    if (builder.ready) {
      coreTests(builder);
    } else {
      // The e2e setup started every builder (scripts/engines/all.sh): one still missing is a failure, never a skip.
      table.missingBuilder(builder.name, `FAILED: ${builder.why}`);
      test('its prerequisites are up', () => {
        throw new Error(`builder ${builder.name} is not up: ${builder.why}`);
      });
    }
  });
}
