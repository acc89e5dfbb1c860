import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { BuilderUnreachableError } from '../../src/core/errors.js';
import { resolveDockerHost, SUPPORTED_DRIVERS, transportFor, type NodeTarget } from '../../src/transport/registry.js';
import { capturedCli, capturedText, type CapturedCli } from '../support/captured-cli.js';

// One transport per buildx driver, and the daemon address a docker context
// resolves to, on `docker context inspect` output captured from the real CLI
// (scripts/capture-cli-output.sh). Stdio transports are dialed through the fake
// docker/kubectl, which log their argv and echo the bytes they are sent.

let cli: CapturedCli | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  await cli?.dispose();
  cli = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function world(captures: string[]): Promise<CapturedCli> {
  cli = await capturedCli(captures);
  return cli;
}

function target(driver: string, extra: Partial<NodeTarget> = {}): NodeTarget {
  return { builder: 'b', driver, node: 'b0', endpoint: '', driverOpts: {}, env: {}, ...extra };
}

// Sends text through a dialed connection and reads the same amount back.
async function echo(stream: Duplex, text: string): Promise<string> {
  const received = new Promise<string>((resolve, reject) => {
    let got = '';
    stream.on('data', (chunk: Buffer) => {
      got += chunk.toString();
      if (got.length >= text.length) resolve(got);
    });
    stream.once('error', reject);
  });
  stream.write(text);
  const answer = await received;
  stream.destroy();
  return answer;
}

// The error a dial gives: a BuilderUnreachableError in one line.
async function dialFailure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(BuilderUnreachableError);
  expect((error as Error).message).not.toContain('\n');
  return (error as Error).message;
}

// Lets transports that spawn with process.env find the fake CLI.
function useFakeOnPath(w: CapturedCli): void {
  const env = w.env();
  for (const key of ['PATH', 'FAKE_CLI_LOG', 'FAKE_CLI_FIXTURES', 'FAKE_CLI_CAPTURES', 'FAKE_CAPTURE_ROOT']) vi.stubEnv(key, env[key] ?? '');
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'buildlens-registry-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('transportFor: the docker driver', () => {
  test('a daemon address needs no docker CLI', async () => {
    const w = await world([]);
    const transport = await transportFor(target('docker', { endpoint: 'unix:///var/run/docker.sock', env: w.env() }));
    expect(transport.description).toBe('the Docker daemon at unix:///var/run/docker.sock');
    expect(await w.calls()).toEqual([]);
  });

  test('a context name is resolved with `docker context inspect`', async () => {
    const w = await world(['context-inspect-default']);
    const transport = await transportFor(target('docker', { endpoint: 'default', env: w.env() }));
    expect(transport.description).toBe('the Docker daemon at unix:///var/run/docker.sock');
    expect((await w.calls()).map((c) => c.argv)).toEqual([['docker', 'context', 'inspect', 'default']]);
  });

  test('the default context under DOCKER_HOST reaches that host', async () => {
    const w = await world(['context-inspect-docker-host']);
    const transport = await transportFor(target('docker', { endpoint: 'default', env: w.env({ DOCKER_HOST: 'tcp://127.0.0.1:2376' }) }));
    expect(transport.description).toBe('the Docker daemon at tcp://127.0.0.1:2376');
  });

  test('a daemon that is not there fails to dial with one line naming it', async () => {
    const transport = await transportFor(target('docker', { endpoint: 'unix:///nonexistent/docker.sock' }));
    expect(await dialFailure(transport.dial())).toMatch(/^cannot reach BuildKit through the Docker daemon at unix:\/\/\/nonexistent\/docker\.sock: .*ENOENT/);
  });
});

describe('transportFor: the docker-container driver', () => {
  test('dials `docker --host H exec -i buildx_buildkit_<node> buildctl dial-stdio` and speaks through its stdio', async () => {
    const w = await world([]);
    useFakeOnPath(w);
    // The node as `docker buildx inspect` printed it for the captured docker-container builder.
    const transport = await transportFor(target('docker-container', { builder: 'buildlens-capture-container', node: 'buildlens-capture-container0', endpoint: 'unix:///var/run/docker.sock' }));
    expect(transport.description).toBe('buildkitd in container buildx_buildkit_buildlens-capture-container0');
    expect(await echo(await transport.dial(), 'PRI * HTTP/2.0')).toBe('PRI * HTTP/2.0');
    expect((await w.calls()).map((c) => c.argv)).toEqual([
      ['docker', '--host', 'unix:///var/run/docker.sock', 'exec', '-i', 'buildx_buildkit_buildlens-capture-container0', 'buildctl', 'dial-stdio'],
    ]);
  });

  test('a node on a docker context is reached with --context', async () => {
    const w = await world([]);
    useFakeOnPath(w);
    const transport = await transportFor(target('docker-container', { node: 'b0', endpoint: 'buildlens-capture-ctx' }));
    await echo(await transport.dial(), 'x');
    expect((await w.calls()).map((c) => c.argv)).toEqual([['docker', '--context', 'buildlens-capture-ctx', 'exec', '-i', 'buildx_buildkit_b0', 'buildctl', 'dial-stdio']]);
  });
});

describe('transportFor: the remote driver', () => {
  test('dials buildkitd\'s own unix socket directly', async () => {
    const dir = await tempDir();
    const path = join(dir, 'buildkitd.sock');
    const server = net.createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => server.listen(path, resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const transport = await transportFor(target('remote', { endpoint: `unix://${path}` }));
    expect(transport.description).toBe(`buildkitd at unix://${path}`);
    expect(await echo(await transport.dial(), 'hello')).toBe('hello');
  });

  test('uses the TLS files of the driver options buildx keeps for the builder', async () => {
    const w = await world([]);
    const instance = JSON.parse((await capturedText('config/buildx-instance-buildlens-capture-remote.json')).replaceAll('@CAPTURE_ROOT@', w.root)) as { Nodes: Array<{ Endpoint: string; DriverOpts: Record<string, string> }> };
    const node = instance.Nodes[0]!;
    const transport = await transportFor(target('remote', { endpoint: node.Endpoint, driverOpts: node.DriverOpts }));
    expect(transport.description).toBe('buildkitd at tcp://127.0.0.1:1234');
    // The capture's key pair is not kept: with each file missing in turn, dialing fails reading that one.
    for (const missing of ['ca.pem', 'cert.pem', 'key.pem']) {
      await rm(join(w.root, 'tls'), { recursive: true, force: true });
      await mkdir(join(w.root, 'tls'));
      for (const file of ['ca.pem', 'cert.pem', 'key.pem'].filter((f) => f !== missing)) await writeFile(join(w.root, 'tls', file), '');
      expect(await dialFailure(transport.dial())).toBe(`cannot reach buildkitd at tcp://127.0.0.1:1234: ENOENT: no such file or directory, open '${join(w.root, 'tls', missing)}'`);
    }
  });

  test('without TLS files, a closed port is refused in one line', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const transport = await transportFor(target('remote', { endpoint: `tcp://127.0.0.1:${port}` }));
    expect(await dialFailure(transport.dial())).toBe(`cannot reach buildkitd at tcp://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`);
  });
});

describe('transportFor: the kubernetes driver', () => {
  test.each([
    [{ namespace: 'buildkit' }, 'buildkit'],
    [{}, 'default'],
  ])('dials kubectl exec into the node\'s deployment (driver options %j)', async (driverOpts, namespace) => {
    const w = await world([]);
    useFakeOnPath(w);
    const transport = await transportFor(target('kubernetes', { node: 'k0', endpoint: 'kubernetes:///k?deployment=k0', driverOpts }));
    expect(transport.description).toBe('buildkitd in kubernetes deployment k0');
    expect(await echo(await transport.dial(), 'ping')).toBe('ping');
    expect((await w.calls()).map((c) => c.argv)).toEqual([['kubectl', '--namespace', namespace, 'exec', '-i', 'deployment/k0', '--', 'buildctl', 'dial-stdio']]);
  });
});

describe('transportFor: drivers buildlens cannot reach', () => {
  test('an unknown driver is one line naming the builder, the driver and the supported ones', async () => {
    expect(SUPPORTED_DRIVERS).toEqual(['docker', 'docker-container', 'remote', 'kubernetes']);
    const error = await transportFor(target('cloud', { builder: 'cloud-builder' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuilderUnreachableError);
    expect((error as Error).message).toBe('builder "cloud-builder" uses the "cloud" driver, which buildlens cannot reach (supported: docker, docker-container, remote, kubernetes)');
  });
});

describe('resolveDockerHost: a daemon address, with TLS, as the docker CLI resolves it', () => {
  test('an address is taken as it is, without the docker CLI', async () => {
    const w = await world([]);
    expect(await resolveDockerHost('tcp://127.0.0.1:2376', w.env())).toEqual({ host: 'tcp://127.0.0.1:2376' });
    expect(await w.calls()).toEqual([]);
  });

  test('DOCKER_TLS_VERIFY: the client files of DOCKER_CERT_PATH, verified', async () => {
    expect(await resolveDockerHost('tcp://127.0.0.1:2376', { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' })).toEqual({
      host: 'tcp://127.0.0.1:2376',
      tls: { ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem', insecure: false },
    });
  });

  test('DOCKER_TLS alone: TLS without verifying the server, files from ~/.docker', async () => {
    expect(await resolveDockerHost('tcp://127.0.0.1:2376', { DOCKER_TLS: '1', HOME: '/home/dev' })).toEqual({
      host: 'tcp://127.0.0.1:2376',
      tls: { ca: '/home/dev/.docker/ca.pem', cert: '/home/dev/.docker/cert.pem', key: '/home/dev/.docker/key.pem', insecure: true },
    });
  });

  test.each(['default', ''])('the default context (endpoint "%s"): the local socket', async (endpoint) => {
    const w = await world(['context-inspect-default']);
    expect(await resolveDockerHost(endpoint, w.env())).toEqual({ host: 'unix:///var/run/docker.sock' });
    expect((await w.calls()).map((c) => c.argv)).toEqual([['docker', 'context', 'inspect', 'default']]);
  });

  test('the default context under DOCKER_HOST: that host, no TLS unless asked', async () => {
    const w = await world(['context-inspect-docker-host']);
    expect(await resolveDockerHost('default', w.env({ DOCKER_HOST: 'tcp://127.0.0.1:2376' }))).toEqual({ host: 'tcp://127.0.0.1:2376' });
  });

  test('the default context under DOCKER_HOST with DOCKER_TLS_VERIFY: TLS from DOCKER_CERT_PATH', async () => {
    const w = await world(['context-inspect-tls-env']);
    const certs = join(w.root, 'tls');
    expect(await resolveDockerHost('default', w.env({ DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }))).toEqual({
      host: 'tcp://127.0.0.1:2376',
      tls: { ca: join(certs, 'ca.pem'), cert: join(certs, 'cert.pem'), key: join(certs, 'key.pem'), insecure: false },
    });
  });

  test('a context created with TLS files: the copies docker keeps in its TLS storage', async () => {
    const w = await world(['context-inspect-tls']);
    const [context] = JSON.parse((await capturedText('context-inspect-tls.stdout')).replaceAll('@CAPTURE_ROOT@', w.root)) as Array<{ Storage: { TLSPath: string } }>;
    const tlsDir = join(context!.Storage.TLSPath, 'docker');
    // Without the files (they are not kept with the capture) the host alone is used...
    expect(await resolveDockerHost('buildlens-capture-tls', w.env())).toEqual({ host: 'tcp://127.0.0.1:2376' });
    // ...and where docker stored them, they are used, verified as the context says.
    await mkdir(tlsDir, { recursive: true });
    await writeFile(join(tlsDir, 'cert.pem'), '');
    expect(await resolveDockerHost('buildlens-capture-tls', w.env())).toEqual({
      host: 'tcp://127.0.0.1:2376',
      tls: { ca: join(tlsDir, 'ca.pem'), cert: join(tlsDir, 'cert.pem'), key: join(tlsDir, 'key.pem'), insecure: false },
    });
  });

  test('an unknown context is one line with what docker said', async () => {
    const w = await world(['context-inspect-unknown']);
    const error = await resolveDockerHost('buildlens-capture-nosuch', w.env()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuilderUnreachableError);
    const stderr = (await readFile(new URL('../fixtures/cli/context-inspect-unknown.stderr', import.meta.url), 'utf8')).replaceAll('@CAPTURE_ROOT@', w.root).trim();
    expect((error as Error).message).toBe(`cannot resolve docker context "buildlens-capture-nosuch" (tried: docker context inspect): ${stderr}`);
    expect((error as Error).message).not.toContain('\n');
  });
});
