import * as net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { upgradeToH2c, UpgradeError } from '../../src/transport/h2c-upgrade.js';

// A scripted "daemon" on a unix socket: each test decides how it answers the upgrade.
const servers: net.Server[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function daemon(onRequest: (socket: net.Socket, request: string) => void): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'buildlens-h2c-test-'));
  dirs.push(dir);
  const path = join(dir, 'd.sock');
  const server = net.createServer((socket) => {
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      if (head.includes('\r\n\r\n')) onRequest(socket, head);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return path;
}

function connect(path: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(path, () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('the /grpc h2c upgrade', () => {
  test('sends the upgrade request and keeps bytes that arrive with the 101 answer', async () => {
    let seen = '';
    const path = await daemon((socket, request) => {
      seen = request;
      socket.write('HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\nPRI-FRAME');
    });
    const stream = await upgradeToH2c(await connect(path));
    expect(seen).toMatch(/^POST \/grpc HTTP\/1\.1\r\n/);
    expect(seen).toContain('Upgrade: h2c');
    expect(seen).toContain('Connection: Upgrade');
    // The upgraded stream comes back paused so no byte is lost before it is piped.
    const first = await new Promise<Buffer>((resolve) => {
      stream.once('data', resolve);
      stream.resume();
    });
    expect(first.toString()).toBe('PRI-FRAME');
    stream.destroy();
  });

  test('a refused upgrade names the daemon\'s status line and explains a 404', async () => {
    const path = await daemon((socket) => socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n'));
    const error = await upgradeToH2c(await connect(path)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpgradeError);
    expect((error as UpgradeError).statusLine).toBe('HTTP/1.1 404 Not Found');
    expect((error as Error).message).toMatch(/BuildKit is not enabled/);
  });

  test('a daemon that closes the connection before answering is an error, not a hang', async () => {
    const path = await daemon((socket) => socket.destroy());
    await expect(upgradeToH2c(await connect(path))).rejects.toThrow(/closed the connection/);
  });

  test('a daemon that never answers times out', async () => {
    const path = await daemon(() => undefined);
    await expect(upgradeToH2c(await connect(path), { timeoutMs: 200 })).rejects.toThrow(/no answer/);
  });
});
