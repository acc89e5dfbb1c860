import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { defaultBuilderFastPath, namedBuilderFastPath } from '../../src/builder/fast-path.js';
import { parseBuildxInspect } from '../../src/builder/inspect.js';
import { capturedCli, type CapturedCli } from '../support/captured-cli.js';

// When buildlens may skip asking buildx (the default builder of the default
// context) and when it must not. The config files are the ones buildx and
// docker wrote during the capture (test/fixtures/cli/config); the fake docker
// answers nothing here, so any call it logs is a fast path that spawned.

let cli: CapturedCli;
beforeEach(async () => {
  cli = await capturedCli([]);
});
afterEach(async () => {
  await cli.dispose();
});

async function fastPath(builder: string | undefined, extra: Record<string, string> = {}) {
  const resolved = await defaultBuilderFastPath(builder, cli.env(extra));
  expect(await cli.calls()).toEqual([]);
  return resolved;
}

describe('the fast path applies to the default builder of the default context', () => {
  test('in a fresh config: the daemon at /var/run/docker.sock, without running docker', async () => {
    const resolved = await fastPath(undefined);
    expect(resolved).toMatchObject({ name: 'default', driver: 'docker', nodes: [{ name: 'default', endpoint: 'default' }] });
    expect(resolved?.nodes[0]?.transport.description).toBe('the Docker daemon at unix:///var/run/docker.sock');
  });

  test('with the `current` file buildx leaves in a fresh config (no builder named)', async () => {
    await cli.place('buildx-current-fresh.json', 'buildx/current');
    expect((await fastPath(undefined))?.name).toBe('default');
  });

  test('with DOCKER_CONTEXT=default', async () => {
    expect((await fastPath(undefined, { DOCKER_CONTEXT: 'default' }))?.name).toBe('default');
  });

  test.each([
    ['unix:///run/user/1000/docker.sock', 'the Docker daemon at unix:///run/user/1000/docker.sock'],
    ['tcp://127.0.0.1:2376', 'the Docker daemon at tcp://127.0.0.1:2376'],
  ])('with DOCKER_HOST=%s, reaching that daemon', async (host, description) => {
    const resolved = await fastPath(undefined, { DOCKER_HOST: host });
    expect(resolved?.nodes[0]?.transport.description).toBe(description);
  });

  test('reading buildx\'s choice from BUILDX_CONFIG, not DOCKER_CONFIG/buildx, when it is set', async () => {
    await cli.place('buildx-current-use.json', 'buildx/current');
    await cli.place('buildx-current-fresh.json', 'elsewhere/current');
    expect((await fastPath(undefined, { BUILDX_CONFIG: join(cli.dockerConfig, 'elsewhere') }))?.name).toBe('default');
  });
});

describe('the fast path must not apply when anything could select another builder', () => {
  test('--builder, even one named "default"', async () => {
    expect(await fastPath('default')).toBeUndefined();
    expect(await fastPath('buildlens-capture-container')).toBeUndefined();
  });

  test('BUILDX_BUILDER', async () => {
    expect(await fastPath(undefined, { BUILDX_BUILDER: 'buildlens-capture-container' })).toBeUndefined();
  });

  test('DOCKER_CONTEXT naming another context', async () => {
    expect(await fastPath(undefined, { DOCKER_CONTEXT: 'buildlens-capture-ctx' })).toBeUndefined();
  });

  test('a current context chosen with `docker context use`', async () => {
    await cli.place('docker-config-context-use.json', 'config.json');
    expect(await fastPath(undefined)).toBeUndefined();
  });

  test('a builder chosen with `docker buildx use`', async () => {
    await cli.place('buildx-current-use.json', 'buildx/current');
    expect(await fastPath(undefined)).toBeUndefined();
  });

  test('a `buildx use` choice kept in BUILDX_CONFIG', async () => {
    await cli.place('buildx-current-use.json', 'elsewhere/current');
    expect(await fastPath(undefined, { BUILDX_CONFIG: join(cli.dockerConfig, 'elsewhere') })).toBeUndefined();
  });

  test('a default builder kept by `buildx use --default`, even when `current` names none', async () => {
    // As buildx left them after `use --default` here and a `use` in another context:
    // `docker buildx inspect` then answers with the kept default (buildx-inspect-use-default).
    await cli.place('buildx-current-other-context.json', 'buildx/current');
    await cli.place('buildx-defaults/13c4025c96f36e94b348', 'buildx/defaults/13c4025c96f36e94b348');
    expect(await fastPath(undefined)).toBeUndefined();
  });

  test('a `current` file that cannot be read as buildx writes it', async () => {
    const captured = await readFile(new URL('../fixtures/cli/config/buildx-current-use.json', import.meta.url), 'utf8');
    await mkdir(join(cli.dockerConfig, 'buildx'), { recursive: true });
    await writeFile(join(cli.dockerConfig, 'buildx', 'current'), captured.slice(0, 20));
    expect(await fastPath(undefined)).toBeUndefined();
  });

  test('a DOCKER_HOST only the docker CLI can dial (ssh://)', async () => {
    expect(await fastPath(undefined, { DOCKER_HOST: 'ssh://buildlens@127.0.0.1:1' })).toBeUndefined();
  });
});

describe('a named builder is read from the instance buildx stored for it', () => {
  const inspected = async (name: string) =>
    parseBuildxInspect((await readFile(new URL(`../fixtures/cli/buildx-inspect-${name}.stdout`, import.meta.url), 'utf8')).replace(/@CAPTURE_ROOT@/g, cli.root));

  test.each([
    ['buildlens-capture-container', 'container'],
    ['buildlens-capture-remote', 'remote'],
  ])('%s: the same driver, nodes and endpoints `docker buildx inspect` printed for it, without running docker', async (name, capture) => {
    await cli.place(`buildx-instance-${name}.json`, `buildx/instances/${name}`);
    const resolved = await namedBuilderFastPath(name, cli.env());
    expect(await cli.calls()).toEqual([]);
    const printed = await inspected(capture);
    expect(resolved?.name).toBe(printed.name);
    expect(resolved?.driver).toBe(printed.driver);
    expect(resolved?.nodes.map((n) => [n.name, n.endpoint])).toEqual(printed.nodes.map((n) => [n.name, n.endpoint]));
  });

  test('by BUILDX_BUILDER too; --builder wins over it', async () => {
    await cli.place('buildx-instance-buildlens-capture-container.json', 'buildx/instances/buildlens-capture-container');
    await cli.place('buildx-instance-buildlens-capture-remote.json', 'buildx/instances/buildlens-capture-remote');
    expect((await namedBuilderFastPath(undefined, cli.env({ BUILDX_BUILDER: 'buildlens-capture-remote' })))?.name).toBe('buildlens-capture-remote');
    const both = await namedBuilderFastPath('buildlens-capture-container', cli.env({ BUILDX_BUILDER: 'buildlens-capture-remote' }));
    expect(both?.name).toBe('buildlens-capture-container');
  });

  test('not without a stored instance, nor for a builder nothing names', async () => {
    expect(await namedBuilderFastPath('buildlens-capture-container', cli.env())).toBeUndefined();
    await cli.place('buildx-instance-buildlens-capture-container.json', 'buildx/instances/buildlens-capture-container');
    expect(await namedBuilderFastPath(undefined, cli.env())).toBeUndefined();
  });
});
