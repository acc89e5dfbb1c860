import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { rewriteRecord } from '../test/record-file/rewrite.js';
import { runCli } from './support/index.js';

// Bad input named as a SOURCE, through the built CLI with no engine to fall
// back on: one line that says what was tried, exit 2, never a stack trace.

const fixtures = fileURLToPath(new URL('../test/fixtures/dockerbuild/', import.meta.url));
const refs = JSON.parse(readFileSync(join(fixtures, 'refs.json'), 'utf8')) as Record<string, string>;
const work = mkdtempSync(join(tmpdir(), 'e2e-bad-records-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const NO_ENGINE = { DOCKER_HOST: 'unix:///nonexistent/docker.sock', BUILDLENS_STATE_DIR: join(work, 'state') };

// Runs the command and returns its one line of stderr, checking the exit code and that nothing else was said.
async function oneLine(args: string[], exitCode = 2): Promise<string> {
  const result = await runCli(args, { env: NO_ENGINE });
  expect(result.exitCode, result.stderr).toBe(exitCode);
  expect(result.stdout).toBe('');
  expect(result.stderr.split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
  return result.stderr;
}

describe('bad sources, no engine reachable', () => {
  test('a text file, gzip of something not a tar, a truncated download', async () => {
    writeFileSync(join(work, 'notes.dockerbuild'), 'these are notes\n');
    expect(await oneLine(['report', join(work, 'notes.dockerbuild')])).toBe(
      `buildlens: ${join(work, 'notes.dockerbuild')} is not a build record file (.dockerbuild from \`docker buildx history export\`): it is neither gzip nor tar`,
    );
    writeFileSync(join(work, 'gzipped.dockerbuild'), gzipSync(Buffer.alloc(4096, 0x41)));
    expect(await oneLine(['why', join(work, 'gzipped.dockerbuild')])).toBe(
      `buildlens: ${join(work, 'gzipped.dockerbuild')} is not a build record file: its gzip content is not a tar archive`,
    );
    const whole = readFileSync(join(fixtures, 'edit-after.dockerbuild'));
    writeFileSync(join(work, 'cut.dockerbuild'), whole.subarray(0, Math.floor(whole.length / 2)));
    expect(await oneLine(['why', join(fixtures, 'edit-after.dockerbuild'), '--compare', join(work, 'cut.dockerbuild')])).toBe(
      `buildlens: build record file ${join(work, 'cut.dockerbuild')} is truncated: its gzip stream ends early`,
    );
  });

  test('a record format newer than this buildlens reads is named; unknown fields of the current one are read past', async () => {
    await rewriteRecord(join(fixtures, 'success.dockerbuild'), join(work, 'v1.dockerbuild'), {
      configMediaType: 'application/vnd.buildkit.historyrecord.v1',
    });
    expect(await oneLine(['report', join(work, 'v1.dockerbuild')])).toBe(
      `buildlens: ${join(work, 'v1.dockerbuild')} holds build records in format application/vnd.buildkit.historyrecord.v1, newer than this buildlens reads (application/vnd.buildkit.historyrecord.v0)`,
    );
    await rewriteRecord(join(fixtures, 'success.dockerbuild'), join(work, 'newer.dockerbuild'), {
      record: (json) => void (json.FutureSummary = { nested: [1, 2, 3] }),
    });
    const read = await runCli(['report', join(work, 'newer.dockerbuild'), '--json'], { env: NO_ENGINE });
    expect(read.exitCode, read.stderr).toBe(0);
    expect(JSON.parse(read.stdout).build.ref).toBe(refs.success);
  });

  test('#REF not in the file lists the refs it holds', async () => {
    expect(await oneLine(['report', `${join(fixtures, 'edit-both.dockerbuild')}#nosuchref`])).toBe(
      `buildlens: cannot pick a record from ${join(fixtures, 'edit-both.dockerbuild')}: it holds no record "nosuchref" (it holds: ${refs['edit-after']}, ${refs['edit-before']})`,
    );
  });

  test('a directory without report.json, a report of a newer schema, a path that does not exist', async () => {
    mkdirSync(join(work, 'artifact'));
    copyFileSync(join(fixtures, 'refs.json'), join(work, 'artifact', 'refs.json'));
    expect(await oneLine(['why', join(fixtures, 'edit-after.dockerbuild'), '--compare', join(work, 'artifact')])).toBe(
      `buildlens: ${join(work, 'artifact')} is not a buildlens report directory: it has no report.json`,
    );
    const report = JSON.parse(readFileSync(join(fixtures, 'edit-after.report.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(work, 'report.json'), JSON.stringify({ ...report, schemaVersion: 2 }));
    expect(await oneLine(['report', join(work, 'report.json')])).toBe(
      `buildlens: ${join(work, 'report.json')} has report schemaVersion 2, newer than this buildlens reads (1)`,
    );
    expect(await oneLine(['why', join(work, 'gone.dockerbuild')])).toBe(
      `buildlens: ${join(work, 'gone.dockerbuild')}: no such file or directory (a SOURCE is a history ref, \`last\`, a .dockerbuild file or a report directory)`,
    );
  });

  test('a history ref needs the builder, and says it cannot be reached (exit 4)', async () => {
    expect(await oneLine(['why', refs['edit-after'] ?? ''], 4)).toMatch(/^buildlens: .*nonexistent/);
  });
});
