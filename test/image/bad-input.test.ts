import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { openImage } from '../../src/image/index.js';
import { ImageNotFoundError, ImageSourceError, ImageUnreadableError } from '../../src/image/errors.js';
import { tarOf } from '../layers/support.js';
import { imageFixtures, sha256Of } from './support.js';

// Each bad input ends in one typed error whose message is a single line
// naming the source as given, with the exit code the CLI will use; none
// hangs (each test has the default timeout).

let dir: string;
let work: string;

beforeAll(() => {
  dir = imageFixtures();
  work = mkdtempSync(join(tmpdir(), 'buildlens-image-bad-'));
}, 600_000);

async function failure(promise: Promise<unknown>): Promise<Error & { exitCode: number }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected a failure');
  expect(error.message).not.toContain('\n');
  return error as Error & { exitCode: number };
}

// A copy of an archive with the bytes of one member changed (its header left as is).
function withDamagedMember(file: string, name: string, damage: (bytes: Buffer, start: number, size: number) => void): string {
  const bytes = readFileSync(join(dir, file));
  const member = tarMembers(bytes).find((m) => m.name.replace(/^\.\//, '') === name);
  if (!member) throw new Error(`${file} has no member ${name}`);
  damage(bytes, member.start, member.size);
  const out = join(work, `damaged-${file}`);
  writeFileSync(out, bytes);
  return out;
}

// The members of a tar: name (ustar prefix and PAX path applied), where their bytes start, and how many.
function tarMembers(tar: Buffer): Array<{ name: string; type: string; start: number; size: number }> {
  const field = (at: number, length: number): string => tar.subarray(at, at + length).toString('utf8').replace(/\0.*$/s, '');
  const members: Array<{ name: string; type: string; start: number; size: number }> = [];
  let paxPath: string | undefined;
  for (let at = 0; at + 512 <= tar.length && tar[at] !== 0; ) {
    const size = parseInt(field(at + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(tar[at + 156] ?? 0);
    const prefix = field(at + 345, 155);
    const name = paxPath ?? (prefix ? `${prefix}/${field(at, 100)}` : field(at, 100));
    paxPath = undefined;
    if (type === 'x') paxPath = /\d+ path=([^\n]*)\n/.exec(tar.subarray(at + 512, at + 512 + size).toString('utf8'))?.[1];
    else members.push({ name, type, start: at + 512, size });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return members;
}

// Offset of the first byte of the first non-empty regular file in a tar.
function firstFileContent(tar: Buffer): number {
  const file = tarMembers(tar).find((m) => (m.type === '0' || m.type === '\0') && m.size > 0);
  if (!file) throw new Error('the layer holds no regular file with content');
  return file.start;
}

describe('bad image sources', () => {
  it('a missing file', async () => {
    const error = await failure(openImage(`docker-archive:${work}/missing.tar`));
    expect(error).toBeInstanceOf(ImageNotFoundError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`docker-archive:${work}/missing.tar: no such file ${work}/missing.tar`);
  });

  it('a directory named as an archive, and a file named as a directory', async () => {
    expect(await failure(openImage(`oci-archive:${dir}/oci-dir`))).toBeInstanceOf(ImageSourceError);
    expect((await failure(openImage(`oci:${dir}/oci-gzip.tar`))).message).toContain('is not a directory');
  });

  it('a pipe with no writer, and a device, are refused at once instead of read', async () => {
    execFileSync('mkfifo', [join(work, 'pipe.tar')]);
    const pipe = await failure(openImage(`docker-archive:${work}/pipe.tar`));
    expect(pipe).toBeInstanceOf(ImageSourceError);
    expect(pipe.message).toBe(`docker-archive:${work}/pipe.tar: ${work}/pipe.tar is not a regular file (save the archive to a file first)`);
    expect(await failure(openImage('oci-archive:/dev/zero'))).toBeInstanceOf(ImageSourceError);
  });

  it('a file that is not a tar', async () => {
    writeFileSync(join(work, 'text.tar'), 'just some text, not a tar header\n'.repeat(40));
    const error = await failure(openImage(`docker-archive:${work}/text.tar`));
    expect(error).toBeInstanceOf(ImageUnreadableError);
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(`docker-archive:${work}/text.tar: not an image archive (not a tar file)`);
  });

  it('a tar that is not an image', async () => {
    writeFileSync(join(work, 'plain.tar'), await tarOf([{ name: 'README', content: 'hello' }]));
    const error = await failure(openImage(`oci-archive:${work}/plain.tar`));
    expect(error).toBeInstanceOf(ImageUnreadableError);
    expect(error.message).toContain('no manifest.json or index.json: not an image archive');
  });

  it('a gzip-compressed archive says so', async () => {
    writeFileSync(join(work, 'save.tar.gz'), gzipSync(readFileSync(join(dir, 'docker-save.tar'))));
    expect((await failure(openImage(`docker-archive:${work}/save.tar.gz`))).message).toContain('gzip-compressed; image archives are plain tar');
  });

  it('a truncated archive', async () => {
    const bytes = readFileSync(join(dir, 'docker-save.tar'));
    writeFileSync(join(work, 'truncated.tar'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await failure(openImage(`docker-archive:${work}/truncated.tar`));
    expect(error).toBeInstanceOf(ImageUnreadableError);
    expect(error.message).toMatch(/not an image archive \(truncated: member "blobs\/sha256\/[0-9a-f]+" needs \d+ bytes/);
  });

  it('a corrupt gzip layer fails its reader with one line, not the image', async () => {
    const image = await openImage(`oci-archive:${dir}/oci-gzip.tar`);
    const biggest = image.layers[0]!;
    await image.close();
    const damaged = withDamagedMember('oci-gzip.tar', `blobs/sha256/${biggest.digest.slice(7)}`, (bytes, start, size) => {
      bytes.fill(0x55, start + Math.floor(size / 2), start + Math.floor(size / 2) + 64);
    });
    const opened = await openImage(`oci-archive:${damaged}`);
    const error = await failure(sha256Of(await opened.layers[0]!.open()));
    expect(error).toBeInstanceOf(ImageUnreadableError);
    expect(error.message).toMatch(new RegExp(`^layer 1 of 6 \\(${biggest.digest.slice(0, 19)}\\) of oci-archive:.* is corrupt or truncated: `));
    // The other layers still read.
    expect(await sha256Of(await opened.layers[3]!.open())).toBe(opened.layers[3]!.diffId);
    await opened.close();
  });

  it('a truncated layer blob in an OCI layout directory', async () => {
    const copy = join(work, 'oci-dir-truncated');
    cpSync(join(dir, 'oci-dir'), copy, { recursive: true });
    const image = await openImage(`oci:${copy}`);
    const blob = join(copy, 'blobs', 'sha256', image.layers[0]!.digest.slice(7));
    truncateSync(blob, Math.floor(statSync(blob).size / 2));
    const error = await failure(sha256Of(await image.layers[0]!.open()));
    expect(error).toBeInstanceOf(ImageUnreadableError);
    expect(error.message).toMatch(/^layer 1 of 6 \(sha256:[0-9a-f]{12}\) of oci:.* is corrupt or truncated: the blob has \d+ bytes where its manifest says \d+$/);
    await image.close();
  });

  it('an uncompressed layer with changed bytes fails its digest check', async () => {
    const image = await openImage(`oci-archive:${dir}/oci-uncompressed.tar`);
    const layer = image.layers[3]!;
    await image.close();
    // Inside a file's content, so the tar still parses to its end and only the digest can tell.
    const damaged = withDamagedMember('oci-uncompressed.tar', `blobs/sha256/${layer.digest.slice(7)}`, (bytes, start, size) => {
      const at = firstFileContent(bytes.subarray(start, start + size));
      bytes[start + at] = (bytes[start + at] ?? 0) ^ 0xff;
    });
    const opened = await openImage(`oci-archive:${damaged}`);
    const error = await failure(sha256Of(await opened.layers[3]!.open()));
    expect(error.message).toMatch(/is corrupt or truncated: its bytes hash to sha256:[0-9a-f]{64}, not sha256:/);
    await opened.close();
  });

  it('an unknown transport', async () => {
    const error = await failure(openImage('nosuch:/tmp/image.tar'));
    expect(error).toBeInstanceOf(ImageSourceError);
    expect(error.exitCode).toBe(2);
  });

  it('an image the engine does not have', async () => {
    const error = await failure(openImage('buildlens-fixture/no-such-image:never'));
    expect(error).toBeInstanceOf(ImageNotFoundError);
    expect(error.message).toMatch(/^no image buildlens-fixture\/no-such-image:never in the Docker engine's store at unix:\/\//);
  });

  it('an engine that does not answer', async () => {
    const error = await failure(openImage('busybox:1', { env: { DOCKER_HOST: `unix://${work}/no.sock` } }));
    expect(error.exitCode).toBe(4);
    expect(error.message).toContain(`cannot reach the Docker engine at unix://${work}/no.sock`);
  });

  it('a platform the image lacks, and one that is not a platform', async () => {
    const error = await failure(openImage(`oci-archive:${dir}/multi-platform.tar`, { platform: 'linux/s390x' }));
    expect(error).toBeInstanceOf(ImageNotFoundError);
    expect(error.message).toContain('no linux/s390x image in the index (it has linux/amd64, linux/arm64)');
    expect((await failure(openImage(`oci-archive:${dir}/oci-gzip.tar`, { platform: 'linux/arm64' }))).message).toContain('the image is linux/amd64 only, not linux/arm64');
    expect(await failure(openImage(`oci-archive:${dir}/oci-gzip.tar`, { platform: 'not a/platform' }))).toBeInstanceOf(ImageSourceError);
  });

  it('a tag the archive does not hold', async () => {
    const error = await failure(openImage(`docker-archive:${dir}/docker-save.tar:other:1`));
    expect(error).toBeInstanceOf(ImageNotFoundError);
    expect(error.message).toContain('no image other:1 in it (it holds buildlens-fixture/image-layers:1)');
  });
});
