import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { diagnoseCacheMisses } from '../../src/analysis/cache/diagnose.js';
import { scanContext } from '../../src/context/index.js';
import type { Report } from '../../src/model/report.js';
import { writeReportFiles } from '../../src/render/report-dir.js';
import { compareCacheInputs, fingerprinterOf, makeCacheInputs, readReportDir, writeCacheInputs, type CacheInputs, type Fingerprinter } from '../../src/report-dir/index.js';
import { openStateStore } from '../../src/build-records/index.js';
import type { BuildRecord } from '../../src/build-records/record.js';
import { liveReport } from '../record-file/support.js';

// Two builds of the recorded two-build project (one source file edited in
// between), each with its report directory: from the two directories alone,
// the edited file and the changed args can be named; nothing secret is written.

let dir: string;
let fingerprinter: Fingerprinter;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'buildlens-cache-inputs-test-'));
  fingerprinter = fingerprinterOf((await openStateStore(join(dir, 'state'))).fingerprint);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

// The state record buildlens keeps for a build of `context`, as `build` makes it.
async function stateRecord(report: Report, context: string, buildArgs: Record<string, string>, using = fingerprinter): Promise<BuildRecord> {
  const { manifest } = await scanContext(context);
  return {
    ref: report.build.ref,
    builder: 'default',
    dockerfile: join(context, 'Dockerfile'),
    contextDir: context,
    platforms: [],
    startedAt: report.build.startedAt,
    buildArgs: Object.fromEntries(Object.entries(buildArgs).map(([k, v]) => [k, using.fingerprint(v)])),
    noCache: false,
    noCacheFilter: [],
    manifest,
  };
}

// A report directory as `build --report-dir` would leave it, cache inputs included.
async function reportDir(name: string, report: Report, record: BuildRecord, using = fingerprinter): Promise<string> {
  const out = join(dir, name);
  await writeReportFiles(out, report, ['json']);
  await writeCacheInputs(out, makeCacheInputs({ steps: report.steps, record, fingerprinter: using }));
  return out;
}

const project = {
  // No COPY reads the Dockerfile itself: its text does not matter here.
  Dockerfile: 'FROM buildlens-fixture/busybox:1\n',
  'package.json': '{"name":"fixture"}\n',
  'src/a.js': 'export const a = "n";\n',
  'src/b.js': 'export const b = 1;\n',
};

describe('cache inputs across two report directories', () => {
  test('name the edited file under the COPY that missed, and the cascade after it', async () => {
    const context = join(dir, 'project');
    write(context, project);
    const before = liveReport('edit-before');
    const beforeDir = await reportDir('before', before, await stateRecord(before, context, { GREETING: 'hi' }));
    write(context, { 'src/b.js': 'export const b = 2;\n' });
    const after = liveReport('edit-after');
    const afterDir = await reportDir('after', after, await stateRecord(after, context, { GREETING: 'hi' }));

    const [previous, current] = [await readReportDir(beforeDir), await readReportDir(afterDir)];
    if (!previous.cacheInputs || !current.cacheInputs) throw new Error('cache inputs not read back');
    expect(current.cacheInputs.copies.map((c) => [c.line, c.instruction, c.sources, c.files])).toEqual([
      [3, 'COPY package.json ./', ['package.json'], 1],
      [9, 'COPY src ./src', ['src'], 2],
    ]);
    expect(current.cacheInputs.files.map((f) => f.path)).toEqual(['package.json', 'src/a.js', 'src/b.js']);
    const comparison = compareCacheInputs(previous.cacheInputs, current.cacheInputs);
    expect(comparison.changedArgs).toEqual([]);
    expect(comparison.contextChanges?.(['src'])).toEqual({ added: [], removed: [], modified: ['src/b.js'] });
    expect(comparison.contextChanges?.(['package.json'])).toEqual({ added: [], removed: [], modified: [] });
    expect(previous.cacheInputs.copies[0]?.digest).toBe(current.cacheInputs.copies[0]?.digest);
    expect(previous.cacheInputs.copies[1]?.digest).not.toBe(current.cacheInputs.copies[1]?.digest);

    const misses = diagnoseCacheMisses({ current: current.report, previous: previous.report, ...comparison });
    expect(misses.map((m) => [m.line, m.cause, m.root])).toEqual([
      [9, 'context-files-changed', true],
      [11, 'parent-missed', false],
    ]);
    expect(misses[0]?.details).toMatchObject({ sources: ['src'], modified: ['src/b.js'] });
  });

  test('a changed build arg is named, its values never written', async () => {
    const context = join(dir, 'args');
    write(context, project);
    const report = liveReport('edit-after');
    const one = makeCacheInputs({ steps: report.steps, record: await stateRecord(report, context, { GREETING: 'value-one', TOKEN: 's3cr3t-token' }), fingerprinter });
    const two = makeCacheInputs({ steps: report.steps, record: await stateRecord(report, context, { GREETING: 'value-two', TOKEN: 's3cr3t-token' }), fingerprinter });
    expect(compareCacheInputs(one, two).changedArgs).toEqual(['GREETING']);
    const out = join(dir, 'args-dir');
    const text = readFileSync(await writeCacheInputs(out, two), 'utf8');
    for (const value of ['value-one', 'value-two', 's3cr3t-token']) expect(text).not.toContain(value);
  });

  test('fingerprints made under another key are not compared, and a note says why', async () => {
    const context = join(dir, 'keys');
    write(context, project);
    const other = fingerprinterOf((await openStateStore(join(dir, 'other-state'))).fingerprint);
    expect(other.keyId).not.toBe(fingerprinter.keyId);
    const report = liveReport('edit-after');
    const mine = makeCacheInputs({ steps: report.steps, record: await stateRecord(report, context, { GREETING: 'hi' }), fingerprinter });
    const theirs = makeCacheInputs({ steps: report.steps, record: await stateRecord(report, context, { GREETING: 'hi' }, other), fingerprinter: other });
    const comparison = compareCacheInputs(theirs, mine);
    expect(comparison.changedArgs).toBeUndefined();
    expect(comparison.notes.map((n) => n.message)).toEqual([expect.stringContaining('different keys')]);
    // Plain file hashes need no key.
    expect(comparison.contextChanges?.(['src'])).toEqual({ added: [], removed: [], modified: [] });
  });
});

describe('makeCacheInputs', () => {
  const steps = [
    { id: 'step0', stage: 'stage-0', line: 1, endLine: 1, instruction: 'FROM base' },
    { id: 'step1', stage: 'stage-0', line: 2, endLine: 2, instruction: 'COPY . .' },
    { id: 'step2', stage: 'stage-0', line: 3, endLine: 3, instruction: 'COPY --from=build /out /out' },
  ];

  test('a credential-like file keeps a keyed fingerprint, never its content hash', async () => {
    const context = join(dir, 'secret');
    const env = 'API_KEY=abc\n';
    write(context, { Dockerfile: 'FROM base\nCOPY . .\n', '.env': env, 'app.js': 'run()\n' });
    const inputs = makeCacheInputs({ steps, record: await stateRecord(liveReport('success'), context, {}), fingerprinter });
    const entry = inputs.files.find((f) => f.path === '.env');
    expect(entry).toMatchObject({ sha256: null, fingerprint: expect.stringMatching(/^hmac-sha256:/) });
    expect(inputs.copies).toHaveLength(1);
    expect(inputs.copies[0]).toMatchObject({ line: 2, sources: ['.'], files: 3, keyed: true });
    const text = JSON.stringify(inputs);
    expect(text).not.toContain(createHash('sha256').update(env).digest('hex'));
    expect(text).not.toContain('API_KEY');
    expect(inputs.files.find((f) => f.path === 'app.js')?.sha256).toBe(createHash('sha256').update('run()\n').digest('hex'));
  });

  test('past the listing bound only the digests remain; without a local context only the args', async () => {
    const context = join(dir, 'many');
    write(context, { Dockerfile: 'FROM base\nCOPY . .\n', 'a.txt': 'a', 'b.txt': 'b' });
    const record = await stateRecord(liveReport('success'), context, { GREETING: 'x' });
    const bounded: CacheInputs = makeCacheInputs({ steps, record, fingerprinter, maxFiles: 2 });
    expect(bounded).toMatchObject({ files: [], filesComplete: false });
    expect(bounded.copies[0]?.files).toBe(3);
    expect(compareCacheInputs(bounded, bounded).contextChanges).toBeUndefined();
    const { manifest: _, ...remote } = record;
    expect(makeCacheInputs({ steps, record: remote, fingerprinter })).toMatchObject({ copies: [], files: [], filesComplete: false, buildArgs: { GREETING: expect.stringMatching(/^hmac-sha256:/) } });
  });
});
