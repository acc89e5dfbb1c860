import { describe, expect, it } from 'vitest';
import { splitBuildArgv } from '../../src/buildx/args.js';
import { UsageError } from '../../src/core/errors.js';

// Written out here rather than imported from src, so a flag missing from the
// implementation's table fails a test instead of agreeing with it. Checked
// against `docker buildx build --help` (0.13.1) and buildx's build.go up to v0.36.
const VALUE_FLAGS = [
  '--add-host', '--allow', '--annotation', '--attest', '--build-arg', '--build-context', '--builder',
  '--cache-from', '--cache-to', '--call', '--cgroup-parent', '--file', '-f', '--iidfile', '--label',
  '--metadata-file', '--network', '--no-cache-filter', '--output', '-o', '--platform', '--policy', '--print',
  '--progress', '--provenance', '--sbom', '--resource', '--secret', '--shm-size', '--ssh', '--tag', '-t',
  '--target', '--ulimit', '--root', '--server-config', '--cpu-period', '--cpu-quota', '--cpu-shares', '-c',
  '--cpuset-cpus', '--cpuset-mems', '--isolation', '--memory', '-m', '--memory-swap', '--security-opt',
];
const BOOLEAN_FLAGS = [
  '--load', '--push', '--pull', '--no-cache', '--quiet', '-q', '--rm', '--force-rm', '--squash', '--compress',
  '--check', '--debug', '-D', '--detach', '-qD',
];

describe('splitBuildArgv: buildx arguments', () => {
  it.each(VALUE_FLAGS)('treats the argument after %s as its value, even when it looks like a buildlens option', (flag) => {
    const argv = [flag, '--report-dir', 'ctx'];
    const { buildxArgs, own, facts } = splitBuildArgv(argv);
    expect(buildxArgs).toEqual(argv);
    expect(own.reportDir).toBeUndefined();
    expect(facts.contextArg).toBe('ctx');
  });

  it.each(BOOLEAN_FLAGS)('never lets the boolean %s swallow the context that follows it', (flag) => {
    const { buildxArgs, facts } = splitBuildArgv([flag, 'ctx']);
    expect(buildxArgs).toEqual([flag, 'ctx']);
    expect(facts.contextArg).toBe('ctx');
  });

  it('keeps a realistic command line untouched and in order while reading its facts', () => {
    const argv = [
      '-t', 'app:1', '--tag=app:latest', '-f', 'docker/Dockerfile.prod', '--target', 'runtime',
      '--platform', 'linux/amd64,linux/arm64', '--platform=linux/arm/v7', '--build-arg', 'A=b c=d',
      '--build-arg=TOKEN', '--builder', 'ci', '--progress=plain', '--metadata-file', 'meta.json',
      '--no-cache-filter', 'deps,build', '--no-cache-filter=test', '-o', 'type=local,dest=out', '--push', '--load',
      '--secret', 'id=npm,src=/run/npmrc', '--cache-from', 'type=gha', '.',
    ];
    const { buildxArgs, facts } = splitBuildArgv(argv);
    expect(buildxArgs).toEqual(argv);
    expect(facts).toMatchObject({
      contextArg: '.', dockerfile: 'docker/Dockerfile.prod', target: 'runtime',
      platforms: ['linux/amd64', 'linux/arm64', 'linux/arm/v7'], builder: 'ci', progress: 'plain',
      metadataFile: 'meta.json', noCacheFilter: ['deps', 'build', 'test'], outputs: ['type=local,dest=out'],
      push: true, load: true, quiet: false, noCache: false, stdinUsed: false, buildArgNames: ['A', 'TOKEN'],
    });
  });

  it('splits a build arg at its first "=" only, keeping spaces and later "=" in the value', () => {
    const { facts } = splitBuildArgv(['--build-arg', 'A=b c=d', '--build-arg', 'EMPTY=', '--build-arg', 'FROM_ENV', '.']);
    expect(facts.buildArgs.map((a) => [a.name, a.value])).toEqual([['A', 'b c=d'], ['EMPTY', ''], ['FROM_ENV', undefined]]);
  });

  it('keeps build-arg values out of anything serialized from the facts', () => {
    const { facts } = splitBuildArgv(['--build-arg', 'PASSWORD=hunter2-secret', '.']);
    expect(facts.buildArgs[0]?.value).toBe('hunter2-secret');
    expect(JSON.stringify(facts)).not.toContain('hunter2-secret');
    expect(facts.buildArgNames).toEqual(['PASSWORD']);
  });

  it.each([
    [['-t', '.', 'ctx'], { contextArg: 'ctx' }],
    [['-f', '-', '.'], { dockerfile: '-', contextArg: '.', stdinUsed: true }],
    [['-f-', '.'], { dockerfile: '-', stdinUsed: true }],
    [['-f=Dockerfile.dev', '.'], { dockerfile: 'Dockerfile.dev' }],
    [['-fDockerfile.dev', '.'], { dockerfile: 'Dockerfile.dev' }],
    [['-qf', 'x.Dockerfile', '.'], { quiet: true, dockerfile: 'x.Dockerfile', contextArg: '.' }],
    [['-'], { contextArg: '-', stdinUsed: true }],
    [['https://github.com/x/y.git#main'], { contextArg: 'https://github.com/x/y.git#main', stdinUsed: false }],
    [['--quiet=false', '--no-cache=true', '.'], { quiet: false, noCache: true }],
    [['--no-cache', '--push=false', '.'], { noCache: true, push: false }],
    [['--provenance', 'mode=max', '--sbom=true', '.'], { contextArg: '.' }],
    [['--call', 'outline', '.'], { call: 'outline' }],
    [['--check', '.'], { call: 'check' }],
    [['-t', '--', '.'], { contextArg: '.' }],
    [['--target', 'a', '--target', 'b', '.'], { target: 'b' }],
  ])('reads %j the way pflag does', (argv, expected) => {
    const { buildxArgs, facts } = splitBuildArgv(argv);
    expect(buildxArgs).toEqual(argv);
    expect(facts).toMatchObject(expected);
  });

  it.each([
    ['id=s,src=/run/token.txt', [{ id: 's', src: '/run/token.txt' }]],
    ['id=s,source=token.txt', [{ id: 's', src: 'token.txt' }]],
    ['id=s,env=NPM_TOKEN', [{ id: 's', env: 'NPM_TOKEN' }]],
    ['type=env,id=s,src=NPM_TOKEN', [{ id: 's', env: 'NPM_TOKEN' }]],
    ['ID=s,SRC=a.txt', [{ id: 's', src: 'a.txt' }]],
    ['"id=s","src=a,b.txt"', [{ id: 's', src: 'a,b.txt' }]],
    ['id=s,mode=0400', []],
    ['src=a.txt', []],
    ['id', []],
  ])('reads --secret %s as buildx does (never a value)', (spec, expected) => {
    const { buildxArgs, facts } = splitBuildArgv(['--secret', spec, '.']);
    expect(buildxArgs).toEqual(['--secret', spec, '.']);
    expect(facts.secrets).toEqual(expected);
  });

  it('--secret id=X alone is the variable X when it is set, else the file X, as BuildKit resolves it', () => {
    const name = `BUILDLENS_TEST_SECRET_${process.pid}`;
    expect(splitBuildArgv([`--secret=id=${name}`, '.']).facts.secrets).toEqual([{ id: name, src: name }]);
    process.env[name] = 'set';
    try {
      expect(splitBuildArgv([`--secret=id=${name}`, '.']).facts.secrets).toEqual([{ id: name, env: name }]);
    } finally {
      delete process.env[name];
    }
  });

  it('passes several positionals through for buildx to reject, instead of second-guessing it', () => {
    const { buildxArgs } = splitBuildArgv(['a', 'b']);
    expect(buildxArgs).toEqual(['a', 'b']);
  });

  it('reports a missing context as a usage error with an example', () => {
    expect(() => splitBuildArgv(['-t', 'app', '--load'])).toThrow(UsageError);
    expect(() => splitBuildArgv(['-t', 'app', '--load'])).toThrow(/missing build context \(e\.g\. `buildlens build \.`\)/);
    expect(() => splitBuildArgv(['--report-dir', 'out'])).toThrow(/missing build context/);
  });
});

describe('splitBuildArgv: buildlens options', () => {
  it('takes its own options in any position, with a separate or an "=" value, and removes them', () => {
    const argv = [
      '--report-dir', 'out', '-t', 'x', '--max-image-size=1.5GiB', '.', '--report-format', 'json,md',
      '--max-wasted', '20MB', '--min-cache-ratio=80%', '--max-duration', '2m', '--fail-on=warning',
      '--baseline', 'prev/report.json', '--max-growth', '10%', '--no-analysis',
    ];
    const { buildxArgs, own } = splitBuildArgv(argv);
    expect(buildxArgs).toEqual(['-t', 'x', '.']);
    expect(own).toEqual({
      help: false, reportDir: 'out', reportFormats: ['json', 'md'], maxImageSize: Math.round(1.5 * 1024 ** 3),
      maxWasted: 20_000_000, minCacheRatio: 0.8, maxDuration: 120_000, failOn: 'warning',
      baseline: 'prev/report.json', maxGrowth: 10, noAnalysis: true,
    });
  });

  it('passes everything after `--` to buildx verbatim, even its own option names', () => {
    const { buildxArgs, own, facts } = splitBuildArgv(['--report-dir', 'r', '--', '--report-dir', 'x', '.']);
    expect(buildxArgs).toEqual(['--report-dir', 'x', '.']);
    expect(own.reportDir).toBe('r');
    expect(facts.contextArg).toBe('.');
  });

  it('treats a second `--` as buildx\'s own end of flags, so what follows is the context', () => {
    const { buildxArgs, facts } = splitBuildArgv(['--', '-t', 'x', '--', '-odd-dir']);
    expect(buildxArgs).toEqual(['-t', 'x', '--', '-odd-dir']);
    expect(facts.contextArg).toBe('-odd-dir');
  });

  it('does not take a `--` that is a flag value as the end of buildlens options', () => {
    const { buildxArgs, own } = splitBuildArgv(['-t', '--', '--report-dir', 'r', '.']);
    expect(buildxArgs).toEqual(['-t', '--', '.']);
    expect(own.reportDir).toBe('r');
  });

  it('shows its own help for -h or --help before `--`, needing no context', () => {
    expect(splitBuildArgv(['-t', 'x', '-h']).own.help).toBe(true);
    expect(splitBuildArgv(['--help']).own.help).toBe(true);
  });

  it('leaves -h and --help after `--` (or as a flag value) to buildx', () => {
    const after = splitBuildArgv(['--', '--help']);
    expect(after.own.help).toBe(false);
    expect(after.buildxArgs).toEqual(['--help']);
    const asValue = splitBuildArgv(['-t', '-h', '.']);
    expect(asValue.own.help).toBe(false);
    expect(asValue.buildxArgs).toEqual(['-t', '-h', '.']);
  });

  it.each([
    [['--max-image-size', '12XB', '.'], /--max-image-size: "12XB" is not a size/],
    [['--max-wasted=lots', '.'], /--max-wasted/],
    [['--min-cache-ratio', '150%', '.'], /--min-cache-ratio/],
    [['--min-cache-ratio=', '.'], /--min-cache-ratio/],
    [['--max-duration', 'soon', '.'], /--max-duration/],
    [['--fail-on', 'fatal', '.'], /--fail-on: expected "error" or "warning"/],
    [['--report-format', 'json,pdf', '.'], /--report-format: unknown format "pdf"/],
    [['--max-growth', '-5', '.'], /--max-growth/],
    [['--no-analysis=maybe', '.'], /--no-analysis/],
    [['.', '--report-dir'], /--report-dir needs a value/],
    [['--report-format', 'html,md', '.'], /--report-format needs --report-dir/],
  ])('rejects %j with a usage error naming the option', (argv, message) => {
    expect(() => splitBuildArgv(argv)).toThrow(UsageError);
    expect(() => splitBuildArgv(argv)).toThrow(message);
  });
});
