import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { resolveBuilder } from '../../src/builder/resolve.js';
import { BuilderUnreachableError } from '../../src/core/errors.js';
import { capturedCli, type CapturedCli } from '../support/captured-cli.js';

// Which builder buildlens reports on, resolved as buildx resolves it: the fake
// docker answers `buildx inspect` and `context inspect` exactly as the real CLI
// did for the same arguments and variables (scripts/capture-cli-output.sh).

let cli: CapturedCli | undefined;
afterEach(async () => {
  await cli?.dispose();
  cli = undefined;
});

async function world(captures: string[]): Promise<CapturedCli> {
  cli = await capturedCli(captures);
  return cli;
}

// The error resolving gives: a BuilderUnreachableError (exit 4) in one line.
async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(BuilderUnreachableError);
  const { message, exitCode } = error as BuilderUnreachableError;
  expect(exitCode).toBe(4);
  expect(message).not.toContain('\n');
  return message;
}

const CONTAINER = 'buildlens-capture-container';
const containerBuilder = {
  name: CONTAINER,
  driver: 'docker-container',
  nodes: [{ name: `${CONTAINER}0`, endpoint: 'unix:///var/run/docker.sock', transport: { description: `buildkitd in container buildx_buildkit_${CONTAINER}0` } }],
};

describe('resolveBuilder: the builder buildx would build on', () => {
  test('nothing chosen: the default builder, without asking buildx', async () => {
    const w = await world([]);
    const builder = await resolveBuilder({ env: w.env() });
    expect(builder).toMatchObject({ name: 'default', driver: 'docker', nodes: [{ name: 'default', transport: { description: 'the Docker daemon at unix:///var/run/docker.sock' } }] });
    expect(await w.calls()).toEqual([]);
  });

  test('--builder NAME: the builder buildx stored under that name, and the container its node runs in, without running buildx', async () => {
    const w = await world(['buildx-inspect-container']);
    await w.place(`buildx-instance-${CONTAINER}.json`, `buildx/instances/${CONTAINER}`);
    expect(await resolveBuilder({ builder: CONTAINER, env: w.env() })).toMatchObject(containerBuilder);
    expect(await w.calls()).toEqual([]);
  });

  test('--builder NAME that buildx stores no instance for (a context\'s builder): buildx inspect NAME', async () => {
    const w = await world(['buildx-inspect-container']);
    expect(await resolveBuilder({ builder: CONTAINER, env: w.env() })).toMatchObject(containerBuilder);
    expect((await w.calls()).map((c) => c.argv)).toEqual([['docker', 'buildx', 'inspect', CONTAINER]]);
  });

  test('BUILDX_BUILDER: the builder it names, from the instance buildx stored', async () => {
    const w = await world(['buildx-inspect-container-env']);
    await w.place(`buildx-instance-${CONTAINER}.json`, `buildx/instances/${CONTAINER}`);
    expect(await resolveBuilder({ env: w.env({ BUILDX_BUILDER: CONTAINER }) })).toMatchObject(containerBuilder);
    expect(await w.calls()).toEqual([]);
  });

  test('BUILDX_BUILDER naming no stored instance: buildx is asked with the variable still set', async () => {
    const w = await world(['buildx-inspect-container-env']);
    expect(await resolveBuilder({ env: w.env({ BUILDX_BUILDER: CONTAINER }) })).toMatchObject(containerBuilder);
    expect(await w.calls()).toEqual([{ argv: ['docker', 'buildx', 'inspect', CONTAINER], env: { BUILDX_BUILDER: CONTAINER } }]);
  });

  test('DOCKER_CONTEXT: the context\'s own docker builder, reached at the daemon the context names', async () => {
    const w = await world(['buildx-inspect-context', 'context-inspect-context']);
    const env = { DOCKER_CONTEXT: 'buildlens-capture-ctx' };
    const builder = await resolveBuilder({ env: w.env(env) });
    expect(builder).toMatchObject({
      name: 'buildlens-capture-ctx',
      driver: 'docker',
      nodes: [{ name: 'buildlens-capture-ctx', endpoint: 'buildlens-capture-ctx', transport: { description: 'the Docker daemon at unix:///var/run/docker.sock' } }],
    });
    expect(await w.calls()).toEqual([
      { argv: ['docker', 'buildx', 'inspect'], env },
      { argv: ['docker', 'context', 'inspect', 'buildlens-capture-ctx'], env },
    ]);
  });

  test('DOCKER_HOST=tcp://...: the default builder at that daemon', async () => {
    const w = await world([]);
    const builder = await resolveBuilder({ env: w.env({ DOCKER_HOST: 'tcp://127.0.0.1:2376' }) });
    expect(builder.nodes[0]?.transport.description).toBe('the Docker daemon at tcp://127.0.0.1:2376');
  });

  test('a builder chosen with `docker buildx use`: the one buildx would take (as `buildx inspect` said), from its files', async () => {
    const w = await world(['buildx-inspect-use']);
    await w.place('buildx-current-use.json', 'buildx/current');
    await w.place(`buildx-instance-${CONTAINER}.json`, `buildx/instances/${CONTAINER}`);
    expect(await resolveBuilder({ env: w.env() })).toMatchObject(containerBuilder);
    expect(await w.calls()).toEqual([]);
  });

  test('a `buildx use` choice made for another daemon: buildx is asked', async () => {
    const w = await world(['buildx-inspect-use']);
    await w.place('buildx-current-use.json', 'buildx/current');
    await w.place(`buildx-instance-${CONTAINER}.json`, `buildx/instances/${CONTAINER}`);
    // The fake docker answers only as captured (without DOCKER_HOST): what matters is that it was asked.
    await resolveBuilder({ env: w.env({ DOCKER_HOST: 'tcp://127.0.0.1:2376' }) }).catch(() => undefined);
    expect((await w.calls()).map((c) => c.argv)).toEqual([['docker', 'buildx', 'inspect']]);
  });

  test('a default kept by `buildx use --default` while `current` names no builder: buildx\'s choice wins', async () => {
    const w = await world(['buildx-inspect-use-default']);
    await w.place('buildx-current-other-context.json', 'buildx/current');
    await w.place('buildx-defaults/13c4025c96f36e94b348', 'buildx/defaults/13c4025c96f36e94b348');
    await w.place(`buildx-instance-${CONTAINER}.json`, `buildx/instances/${CONTAINER}`);
    expect(await resolveBuilder({ env: w.env() })).toMatchObject(containerBuilder);
  });

  test('a remote builder of two nodes: each node gets the driver options buildx keeps for it', async () => {
    const w = await world(['buildx-inspect-remote']);
    await w.place('buildx-instance-buildlens-capture-remote.json', 'buildx/instances/buildlens-capture-remote');
    const builder = await resolveBuilder({ builder: 'buildlens-capture-remote', env: w.env() });
    expect(builder).toMatchObject({ name: 'buildlens-capture-remote', driver: 'remote' });
    expect(builder.nodes.map((n) => [n.name, n.endpoint, n.transport.description])).toEqual([
      ['buildlens-capture-remote0', 'tcp://127.0.0.1:1234', 'buildkitd at tcp://127.0.0.1:1234'],
      ['buildlens-capture-remote1', 'tcp://127.0.0.1:1235', 'buildkitd at tcp://127.0.0.1:1235'],
    ]);
    const [withTls, plain] = builder.nodes;
    // The capture's TLS files are gone: the first node fails reading one its options name (read in parallel)...
    expect(await failure(withTls!.transport.dial())).toMatch(new RegExp(`^cannot reach buildkitd at tcp://127\\.0\\.0\\.1:1234: .*${join(w.root, 'tls')}/(ca|cert|key)\\.pem`));
    // ...while the second, added without TLS options, dials plain TCP (refused, or connected if something listens there).
    const outcome = await plain!.transport.dial().then((socket) => (socket.destroy(), 'connected'), (error: unknown) => (error as Error).message);
    expect(outcome).not.toMatch(/\.pem/);
  });
});

describe('resolveBuilder: a builder that cannot be resolved is one line saying what was tried', () => {
  test('an unknown builder name', async () => {
    const w = await world(['buildx-inspect-unknown']);
    expect(await failure(resolveBuilder({ builder: 'buildlens-capture-nosuch', env: w.env() }))).toBe(
      'no builder "buildlens-capture-nosuch" found (tried: docker buildx inspect buildlens-capture-nosuch; `docker buildx ls` lists builders)',
    );
  });

  test('a daemon that does not answer', async () => {
    const w = await world(['buildx-inspect-unreachable']);
    expect(await failure(resolveBuilder({ builder: 'default', env: w.env({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' }) }))).toBe(
      'builder "default" is not reachable: Cannot connect to the Docker daemon at unix:///nonexistent/docker.sock. Is the docker daemon running? (tried: docker buildx inspect default)',
    );
  });

  test('an ssh:// DOCKER_HOST that cannot be dialed', async () => {
    const w = await world(['buildx-inspect-ssh']);
    const message = await failure(resolveBuilder({ env: w.env({ DOCKER_HOST: 'ssh://buildlens@127.0.0.1:1' }) }));
    expect(message).toMatch(/^builder "default" is not reachable: error during connect: .*Connection refused \(tried: docker buildx inspect\)$/);
  });

  test('a docker CLI without the buildx plugin', async () => {
    const w = await world(['buildx-inspect-no-buildx']);
    expect(await failure(resolveBuilder({ builder: 'default', env: w.env() }))).toBe(
      'docker buildx is not installed (tried: docker buildx inspect default); install the docker-buildx plugin',
    );
  });

  test('no docker CLI on the PATH', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'buildlens-empty-path-'));
    try {
      const w = await world([]);
      expect(await failure(resolveBuilder({ builder: 'default', env: w.env({ PATH: empty }) }))).toBe(
        'the docker CLI was not found on the PATH; install Docker with the buildx plugin',
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
