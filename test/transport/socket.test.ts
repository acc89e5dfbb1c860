import { mkdtemp, rm } from 'node:fs/promises';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { connectEndpoint, describeEndpoint, parseEndpoint } from '../../src/transport/socket.js';
import { capturedText } from '../support/captured-cli.js';

// Endpoint addresses as docker contexts, DOCKER_HOST and buildx builders write them.

describe('parseEndpoint', () => {
  test.each([
    ['unix:///var/run/docker.sock', { kind: 'unix', path: '/var/run/docker.sock' }],
    ['/run/buildkit/buildkitd.sock', { kind: 'unix', path: '/run/buildkit/buildkitd.sock' }],
    ['tcp://127.0.0.1:2376', { kind: 'tcp', host: '127.0.0.1', port: 2376 }],
    ['tcp://10.0.0.5:1234/', { kind: 'tcp', host: '10.0.0.5', port: 1234 }],
    ['tcp://docker.internal', { kind: 'tcp', host: 'docker.internal', port: 2375 }],
    ['http://127.0.0.1:2375', { kind: 'tcp', host: '127.0.0.1', port: 2375 }],
    ['https://buildkit.example:8443', { kind: 'tcp', host: 'buildkit.example', port: 8443 }],
    ['tcp://[::1]:2376', { kind: 'tcp', host: '::1', port: 2376 }],
    ['tcp://[fd00::5]', { kind: 'tcp', host: 'fd00::5', port: 2375 }],
  ])('%s', (address, endpoint) => {
    expect(parseEndpoint(address)).toEqual(endpoint);
  });

  test.each(['ssh://user@host', 'npipe:////./pipe/docker_engine', 'tcp://host:2376/path', 'tcp://', 'fd://', 'default', ''])(
    'refuses "%s" in one line naming it and the accepted forms',
    (address) => {
      expect(() => parseEndpoint(address)).toThrow(`unsupported endpoint address "${address}" (expected unix://PATH or tcp://HOST:PORT)`);
    },
  );

  test('the hosts docker and buildx printed on this machine parse, and read back the same', async () => {
    const hosts = [
      ...[...(await capturedText('context-inspect-default.stdout')).matchAll(/"Host": "([^"]+)"/g)],
      ...[...(await capturedText('context-inspect-tls.stdout')).matchAll(/"Host": "([^"]+)"/g)],
      ...[...(await capturedText('buildx-inspect-remote.stdout')).matchAll(/^Endpoint:\s+(\S+)$/gm)],
    ].map((m) => m[1] ?? '');
    expect(hosts).toEqual(['unix:///var/run/docker.sock', 'tcp://127.0.0.1:2376', 'tcp://127.0.0.1:1234', 'tcp://127.0.0.1:1235']);
    for (const host of hosts) expect(describeEndpoint(parseEndpoint(host))).toBe(host);
  });
});

describe('connectEndpoint', () => {
  test('connects to a unix socket and resolves once connected', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'buildlens-socket-'));
    const path = join(dir, 's.sock');
    const server = net.createServer((socket) => socket.end('hi'));
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      const socket = await connectEndpoint({ kind: 'unix', path });
      const text = await new Promise<string>((resolve) => {
        let got = '';
        socket.on('data', (chunk: Buffer) => (got += chunk.toString()));
        socket.on('end', () => resolve(got));
      });
      expect(text).toBe('hi');
      socket.destroy();
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a missing socket rejects with the system\'s reason, keeping it as the cause', async () => {
    const error = await connectEndpoint({ kind: 'unix', path: '/nonexistent/buildkitd.sock' }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('connect ENOENT /nonexistent/buildkitd.sock');
    expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  test('TLS files that cannot be read reject before any connection is tried', async () => {
    const error = await connectEndpoint({ kind: 'tcp', host: '127.0.0.1', port: 1 }, { ca: '/nonexistent/ca.pem' }).catch((e: unknown) => e);
    expect((error as NodeJS.ErrnoException).code).toBe('ENOENT');
    expect((error as Error).message).toContain('/nonexistent/ca.pem');
  });
});
