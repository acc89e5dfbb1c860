import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { readLogFrames } from '../../src/collect/logs-blob.js';
import { loadRecorded } from '../support/fixtures.js';

async function frames(chunks: Buffer[]): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const frame of readLogFrames(Readable.from(chunks))) out.push(Buffer.from(frame));
  return out;
}

describe('reading a recorded history logs blob', () => {
  test('frames are the same whether the blob arrives whole or a byte at a time', async () => {
    const { logs } = await loadRecorded('multi-stage');
    const whole = await frames([logs]);
    const bytewise = await frames([...logs].map((b) => Buffer.from([b])));
    expect(whole.length).toBeGreaterThan(0);
    expect(bytewise).toEqual(whole);
    expect(whole.reduce((n, f) => n + 4 + f.length, 0)).toBe(logs.length);
  });

  test('a truncated blob is reported, not silently accepted', async () => {
    const { logs } = await loadRecorded('multi-stage');
    await expect(frames([logs.subarray(0, logs.length - 3)])).rejects.toThrow(/ends inside a frame/);
  });

  test('an absurd frame length is refused before anything is buffered', async () => {
    const bogus = Buffer.alloc(8);
    bogus.writeUInt32LE(0xffffffff, 0);
    await expect(frames([bogus])).rejects.toThrow(/corrupt/);
  });
});
