import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { refParts, runBuildx } from '../../src/buildx/runner.js';
import { BuilderUnreachableError } from '../../src/core/errors.js';
import { createFakeDocker, type FakeDocker } from './support/fake-docker.js';

const METADATA = JSON.stringify({
  'buildx.build.ref': 'mybuilder/mybuilder0/yb0t4x7kqv3u5r1m2n8p9c6d',
  'containerimage.digest': 'sha256:aaa',
  'containerimage.config.digest': 'sha256:bbb',
  'image.name': 'docker.io/library/app:1',
  'containerimage.descriptor': { mediaType: 'application/vnd.oci.image.index.v1+json', digest: 'sha256:aaa', size: 855 },
});

describe('runBuildx', () => {
  let fake: FakeDocker;
  const savedTmpdir = process.env.TMPDIR;

  beforeEach(async () => {
    fake = await createFakeDocker();
    // The runner makes its temp dir under os.tmpdir(): point it somewhere we can inspect.
    process.env.TMPDIR = fake.tmpDir;
  });

  afterEach(async () => {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
    vi.restoreAllMocks();
    await fake.dispose();
  });

  it('hands buildx the user arguments exactly and in order, after an inserted --metadata-file', async () => {
    const buildxArgs = ['--build-arg', 'MSG=hello world=yes', '-t', 'app:1', '--label', 'a "quoted" $VALUE', '--', '.'];
    const run = await runBuildx({ buildxArgs, env: fake.env() });
    const argv = await fake.argv();
    expect(argv.slice(0, 3)).toEqual(['buildx', 'build', '--metadata-file']);
    expect(argv[3]).toMatch(new RegExp(`^${fake.tmpDir}/buildlens-run-[^/]+/metadata\\.json$`));
    expect(argv.slice(4)).toEqual(buildxArgs);
    expect(run.exitCode).toBe(0);
  });

  it('removes its temp dir once buildx is done', async () => {
    await runBuildx({ buildxArgs: ['.'], env: fake.env({ FAKE_METADATA: METADATA }) });
    const metadir = (await fake.read('metadir'))?.trim() ?? '';
    expect(metadir.startsWith(fake.tmpDir)).toBe(true);
    expect(existsSync(metadir)).toBe(false);
    expect(await fake.tmpEntries()).toEqual([]);
  });

  it('reads the history ref, builder and node from the metadata buildx wrote', async () => {
    const run = await runBuildx({ buildxArgs: ['.'], env: fake.env({ FAKE_METADATA: METADATA }) });
    expect(run).toMatchObject({ ref: 'yb0t4x7kqv3u5r1m2n8p9c6d', builderName: 'mybuilder', nodeName: 'mybuilder0' });
    expect(run.metadata?.['containerimage.config.digest']).toBe('sha256:bbb');
    expect(run.metadata?.['containerimage.descriptor']).toMatchObject({ size: 855 });
  });

  it('reads the user\'s own metadata file, adds none of its own and leaves the file in place', async () => {
    const userFile = join(fake.root, 'out', 'meta.json');
    await mkdir(join(fake.root, 'out'));
    const buildxArgs = ['--metadata-file', userFile, '.'];
    const run = await runBuildx({ buildxArgs, metadataFile: userFile, env: fake.env({ FAKE_METADATA: METADATA }) });
    expect(await fake.argv()).toEqual(['buildx', 'build', ...buildxArgs]);
    expect(run.ref).toBe('yb0t4x7kqv3u5r1m2n8p9c6d');
    expect(await readFile(userFile, 'utf8')).toBe(METADATA);
    expect(await fake.tmpEntries()).toEqual([]);
  });

  it('ignores a user metadata file left over from an earlier build, which a failed build does not rewrite', async () => {
    const userFile = join(fake.root, 'meta.json');
    await writeFile(userFile, METADATA);
    const run = await runBuildx({ buildxArgs: ['--metadata-file', userFile, '.'], metadataFile: userFile, env: fake.env({ FAKE_EXIT: '1' }) });
    expect(run.exitCode).toBe(1);
    expect(run.ref).toBeUndefined();
    expect(run.metadata).toBeUndefined();
    expect(await readFile(userFile, 'utf8')).toBe(METADATA);
  });

  it.each([1, 17, 0])('returns buildx\'s own exit code %i and still cleans up', async (code) => {
    const run = await runBuildx({ buildxArgs: ['.'], env: fake.env({ FAKE_EXIT: String(code) }) });
    expect(run.exitCode).toBe(code);
    expect(run.signal).toBeUndefined();
    expect(await fake.tmpEntries()).toEqual([]);
  });

  it('keeps the ref when another metadata field has an unexpected shape, and survives invalid JSON', async () => {
    const odd = JSON.stringify({ 'buildx.build.ref': 'b/n/ref1', 'containerimage.digest': 42 });
    const run = await runBuildx({ buildxArgs: ['.'], env: fake.env({ FAKE_METADATA: odd }) });
    expect(run.ref).toBe('ref1');
    expect(run.metadata?.['containerimage.digest']).toBeUndefined();
    const broken = await runBuildx({ buildxArgs: ['.'], env: fake.env({ FAKE_METADATA: '{"buildx.build.ref": ' }) });
    expect(broken.exitCode).toBe(0);
    expect(broken.metadata).toBeUndefined();
    expect(broken.ref).toBeUndefined();
  });

  it('says docker is missing (exit 4) when docker is not on the PATH, leaving no temp dir', async () => {
    const emptyBin = join(fake.root, 'empty');
    await mkdir(emptyBin);
    // Captured stderr too: a stream of a process that never started must not hang the run.
    const attempt = runBuildx({ buildxArgs: ['.'], env: { PATH: emptyBin }, captureStderr: true });
    await expect(attempt).rejects.toBeInstanceOf(BuilderUnreachableError);
    await expect(attempt).rejects.toMatchObject({ exitCode: 4, message: expect.stringMatching(/docker is not installed/) });
    expect(await fake.tmpEntries()).toEqual([]);
  });

  it('says buildx is missing (exit 4) when docker has no buildx plugin', async () => {
    const attempt = runBuildx({ buildxArgs: ['.'], env: fake.env({ FAKE_NO_BUILDX: '1' }) });
    await expect(attempt).rejects.toMatchObject({ exitCode: 4, message: expect.stringMatching(/^docker buildx is not installed/) });
    expect(await fake.tmpEntries()).toEqual([]);
  });

  it('shows stderr through the filter line by line and returns its tail, raw', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const run = await runBuildx({
      buildxArgs: ['.'],
      env: fake.env({ FAKE_STDERR: '#1 RUN echo s3cret\nERROR: failed', FAKE_EXIT: '1' }),
      filterStderr: (line) => line.replaceAll('s3cret', '***'),
    });
    const shown = write.mock.calls.map(([chunk]) => String(chunk)).join('');
    expect(shown).toContain('#1 RUN echo ***\nERROR: failed\n');
    expect(shown).not.toContain('s3cret');
    expect(run.stderrTail).toEqual(['#1 RUN echo s3cret', 'ERROR: failed']);
  });

  it('captures stderr without showing it when asked to', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const run = await runBuildx({ buildxArgs: ['.'], env: fake.env({ FAKE_STDERR: 'progress line' }), captureStderr: true });
    expect(write.mock.calls.map(([chunk]) => String(chunk)).join('')).not.toContain('progress line');
    expect(run.stderrTail).toEqual(['progress line']);
  });
});

describe('refParts', () => {
  it.each([
    ['default/default/abc', { ref: 'abc', builderName: 'default', nodeName: 'default' }],
    ['abc', { ref: 'abc' }],
    ['a/b/c/d', { ref: 'd' }],
    ['', {}],
    [undefined, {}],
  ])('splits %j into the history ref and, for builder/node/ref, its builder and node', (input, expected) => {
    expect(refParts(input)).toEqual(expected);
  });
});
