import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BuildlensError } from '../../src/core/errors.js';
import { openRecordFile, RecordFileError, type RecordFileProblem } from '../../src/record-file/index.js';
import { entriesOf, rewriteRecord, writeArchive } from './rewrite.js';
import { exportPath, refOf } from './support.js';

// Bad input gives one typed error with one line naming the file and what was
// wrong; never a stack trace, never a hang. Unknown fields of a newer
// BuildKit are not bad input.

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'buildlens-record-file-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function problemOf(work: Promise<unknown>): Promise<{ problem: RecordFileProblem; message: string }> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(RecordFileError);
  const typed = error as RecordFileError;
  expect(typed).toBeInstanceOf(BuildlensError);
  expect(typed.exitCode).toBe(2);
  expect(typed.message).not.toContain('\n');
  return { problem: typed.problem, message: typed.message };
}

async function drain(stream: NodeJS.ReadableStream): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Buffer).length;
  return bytes;
}

const success = exportPath('success.dockerbuild');

describe('files that are not build records', () => {
  test('a missing file and a directory', async () => {
    expect(await problemOf(openRecordFile(join(dir, 'none.dockerbuild')))).toEqual({ problem: 'unreadable', message: `cannot open build record file ${join(dir, 'none.dockerbuild')}: no such file` });
    expect((await problemOf(openRecordFile(dir))).message).toMatch(/it is a directory$/);
  });

  test('an empty file, a text file, gzip of something that is not a tar', async () => {
    const empty = join(dir, 'empty.dockerbuild');
    writeFileSync(empty, '');
    expect(await problemOf(openRecordFile(empty))).toMatchObject({ problem: 'not-a-record', message: expect.stringMatching(/it is empty$/) });
    const text = join(dir, 'text.dockerbuild');
    writeFileSync(text, 'FROM scratch\n'.repeat(100));
    expect(await problemOf(openRecordFile(text))).toMatchObject({ problem: 'not-a-record', message: expect.stringMatching(/neither gzip nor tar$/) });
    const gz = join(dir, 'gz.dockerbuild');
    writeFileSync(gz, gzipSync(Buffer.from('not a tar at all\n'.repeat(64))));
    expect(await problemOf(openRecordFile(gz))).toMatchObject({ problem: 'not-a-record', message: expect.stringMatching(/not a tar archive$/) });
  });

  test('a tar without index.json, and an OCI layout holding an image instead of a record', async () => {
    const entries = await entriesOf(success);
    const noIndex = join(dir, 'no-index.dockerbuild');
    await writeArchive(noIndex, entries.filter((e) => e.name !== 'index.json'));
    expect(await problemOf(openRecordFile(noIndex))).toMatchObject({ problem: 'not-a-record', message: expect.stringMatching(/no index\.json/) });
    const image = join(dir, 'image.dockerbuild');
    await rewriteRecord(success, image, { configMediaType: 'application/vnd.oci.image.config.v1+json' });
    expect(await problemOf(openRecordFile(image))).toMatchObject({ problem: 'not-a-record', message: expect.stringMatching(/holds no build record/) });
  });
});

describe('damaged records', () => {
  test('a truncated download, cut anywhere, fails as truncated without hanging', async () => {
    const whole = readFileSync(success);
    for (const fraction of [0.1, 0.5, 0.9, 0.999]) {
      const cut = join(dir, `cut-${fraction}.dockerbuild`);
      writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * fraction)));
      expect(await problemOf(openRecordFile(cut))).toMatchObject({ problem: 'truncated', message: expect.stringMatching(/is truncated: its gzip stream ends early$/) });
    }
  });

  test('a blob whose bytes do not match its digest: the file opens, reading that blob fails', async () => {
    const file = await openRecordFile(success);
    const logs = file.select().record.logs?.digest ?? '';
    const entries = await entriesOf(success);
    const damaged = join(dir, 'damaged-logs.dockerbuild');
    await writeArchive(damaged, entries.map((e) => (e.name === `blobs/sha256/${logs.slice(7)}` ? { ...e, data: Buffer.from(e.data.map((b, i) => (i === 20 ? b ^ 0xff : b))) } : e)));
    for (const keepBytes of [undefined, 0]) {
      const opened = await openRecordFile(damaged, keepBytes === undefined ? {} : { keepBytes });
      expect(await problemOf(drain(opened.readBlob(logs)))).toMatchObject({ problem: 'corrupt', message: expect.stringContaining(`blob ${logs} does not match its digest`) });
    }
  });

  test('a record whose JSON lacks its ref', async () => {
    const noRef = join(dir, 'no-ref.dockerbuild');
    await rewriteRecord(success, noRef, { record: (json) => delete json.Ref });
    expect(await problemOf(openRecordFile(noRef))).toMatchObject({ problem: 'corrupt', message: expect.stringMatching(/is not a valid build history record \(Ref: /) });
  });
});

describe('records from other versions', () => {
  test('unknown fields of a newer BuildKit are ignored', async () => {
    const newer = join(dir, 'newer-fields.dockerbuild');
    await rewriteRecord(success, newer, {
      record: (json) => {
        json.numWarnings = 2;
        json.FutureSummary = { nested: [1, 2, 3] };
        json.logs = { ...(json.logs as object), future_flag: true };
      },
    });
    const file = await openRecordFile(newer);
    const original = await openRecordFile(success);
    expect(file.select().record).toEqual(original.select().record);
    expect(file.select().numWarnings).toBe(2);
  });

  test('a record format newer than v0 is named, not misread', async () => {
    const v1 = join(dir, 'v1.dockerbuild');
    await rewriteRecord(success, v1, { configMediaType: 'application/vnd.buildkit.historyrecord.v1' });
    expect(await problemOf(openRecordFile(v1))).toMatchObject({ problem: 'unsupported', message: expect.stringContaining('application/vnd.buildkit.historyrecord.v1, newer than this buildlens reads') });
  });
});

describe('picking records and blobs', () => {
  test('#REF not in the file lists what is', async () => {
    const file = await openRecordFile(exportPath('edit-both.dockerbuild'));
    const { problem, message } = await problemOf(Promise.resolve().then(() => file.select('nosuchref')));
    expect(problem).toBe('ref-not-found');
    expect(message).toContain(refOf('edit-before'));
    expect(message).toContain(refOf('edit-after'));
  });

  test('a ref prefix picks when unambiguous; no ref picks the newest', async () => {
    const file = await openRecordFile(exportPath('edit-both.dockerbuild'));
    expect(file.select(refOf('edit-before').slice(0, 8)).ref).toBe(refOf('edit-before'));
    expect(file.select().ref).toBe(refOf('edit-after'));
    expect(file.records.map((r) => r.ref)).toEqual([refOf('edit-after'), refOf('edit-before')]);
  });

  test('layer contents are not in the file: reading one says so', async () => {
    const file = await openRecordFile(success);
    const { problem, message } = await problemOf(drain(file.readBlob(`sha256:${'ab'.repeat(32)}`)));
    expect(problem).toBe('blob-missing');
    expect(message).toContain('never layer contents');
  });

  test('blobs streamed again from the file equal the ones kept from the first pass', async () => {
    const kept = await openRecordFile(success);
    const streamed = await openRecordFile(success, { keepBytes: 0 });
    const entry = kept.select();
    expect(entry.blobs.length).toBeGreaterThan(2);
    for (const blob of entry.blobs) {
      expect(await drain(streamed.readBlob(blob.digest))).toBe(blob.size);
      expect(await drain(kept.readBlob(blob.digest))).toBe(blob.size);
    }
  });

  test('a stream given up early closes without an error or a hang', async () => {
    const file = await openRecordFile(success, { keepBytes: 0 });
    const trace = file.select().blobs.reduce((a, b) => (b.size > a.size ? b : a));
    const stream = file.readBlob(trace.digest);
    await new Promise((resolve) => stream.once('data', resolve));
    stream.destroy();
    await new Promise((resolve) => stream.once('close', resolve));
    expect(stream.destroyed).toBe(true);
  });
});
