import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { PassThrough, Duplex } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { removeOwnedNow } from '../../src/core/temp-dirs.js';
import { startBridge } from '../../src/transport/bridge.js';
import type { Transport } from '../../src/transport/transport.js';

// An in-memory "BuildKit" that upper-cases what it receives.
function upperCaseTransport(): Transport & { dials: number } {
  const t = {
    description: 'test transport',
    dials: 0,
    async dial(): Promise<Duplex> {
      t.dials++;
      const out = new PassThrough();
      return new Duplex({
        write(chunk: Buffer, _e, cb) {
          out.write(Buffer.from(chunk.toString().toUpperCase()));
          cb();
        },
        read() {
          const chunk: Buffer | null = out.read();
          if (chunk) this.push(chunk);
          else out.once('readable', () => this._read(0));
        },
      });
    },
  };
  return t;
}

function roundTrip(address: string, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(address.replace('unix://', ''), () => socket.write(text));
    socket.once('data', (data) => {
      resolve(data.toString());
      socket.destroy();
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('closed without data')));
  });
}

describe('the unix-socket bridge', () => {
  test('pairs each connection with a fresh transport connection and pipes both ways', async () => {
    const transport = upperCaseTransport();
    const bridge = await startBridge(transport);
    expect(await roundTrip(bridge.address, 'hello')).toBe('HELLO');
    expect(await roundTrip(bridge.address, 'again')).toBe('AGAIN');
    expect(transport.dials).toBe(2);
    await bridge.close();
  });

  test('close removes the socket and its private directory', async () => {
    const bridge = await startBridge(upperCaseTransport());
    const path = bridge.address.replace('unix://', '');
    expect(existsSync(path)).toBe(true);
    await bridge.close();
    expect(existsSync(path)).toBe(false);
    expect(existsSync(path.replace(/\/grpc\.sock$/, ''))).toBe(false);
  });

  test('a failing dial closes the local connection and is remembered for the error message', async () => {
    const bridge = await startBridge({ description: 'x', dial: () => Promise.reject(new Error('daemon is down')) });
    // The local side sees its connection end (closed, or EPIPE mid-write), never data.
    await expect(roundTrip(bridge.address, 'hi')).rejects.toThrow(/closed without data|EPIPE|ECONNRESET/);
    expect(bridge.lastError?.message).toBe('daemon is down');
    await bridge.close();
  });

  test('an exit while the bridge is still starting removes its dir (made and listed for removal in one step)', async () => {
    const saved = process.env.TMPDIR;
    const tmp = mkdtempSync('/tmp/bridge-test-');
    process.env.TMPDIR = tmp;
    try {
      const starting = startBridge(upperCaseTransport());
      // What the exit handler does after a signal, before startBridge's first await has returned.
      removeOwnedNow();
      expect(readdirSync(tmp)).toEqual([]);
      // Nor does it appear later: an async mkdtemp still in flight at the exit would make it now.
      const bridge = await starting.catch(() => undefined);
      expect(readdirSync(tmp)).toEqual([]);
      await bridge?.close();
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
