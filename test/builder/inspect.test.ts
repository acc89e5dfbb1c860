import { describe, expect, test } from 'vitest';
import { parseBuildxInspect } from '../../src/builder/inspect.js';
import { dockerTargetArgs, kubernetesArgs, remoteTls } from '../../src/transport/registry.js';
import { parseEndpoint } from '../../src/transport/socket.js';
import { fixtureText } from '../support/fixtures.js';

describe('parsing `docker buildx inspect` as recorded from buildx 0.13', () => {
  test('the default docker builder: name, driver and its node endpoint', () => {
    const builder = parseBuildxInspect(fixtureText('buildx-inspect/default.txt'));
    expect(builder.name).toBe('default');
    expect(builder.driver).toBe('docker');
    expect(builder.nodes).toHaveLength(1);
    expect(builder.nodes[0]).toMatchObject({ name: 'default', endpoint: 'default', status: 'running' });
    expect(builder.nodes[0]?.platforms).toContain('linux/amd64');
    expect(builder.error).toBeUndefined();
  });

  test('an unreachable daemon: no driver and the error line', () => {
    const builder = parseBuildxInspect(fixtureText('buildx-inspect/unreachable.txt'));
    expect(builder.driver).toBe('');
    expect(builder.error).toMatch(/Cannot connect to the Docker daemon at unix:\/\/\/nonexistent/);
  });

  test('a remote builder: its node endpoint', () => {
    const builder = parseBuildxInspect(fixtureText('buildx-inspect/remote.txt'));
    expect(builder).toMatchObject({ name: 'remote-fixture', driver: 'remote' });
    expect(builder.nodes[0]).toMatchObject({ name: 'remote-fixture0', endpoint: 'tcp://127.0.0.1:1234', status: 'inactive' });
  });
});

describe('transport argv and addresses per driver', () => {
  test('docker-container nodes are reached on the daemon named by a context or a host', () => {
    expect(dockerTargetArgs('default')).toEqual(['--context', 'default']);
    expect(dockerTargetArgs('unix:///var/run/docker.sock')).toEqual(['--host', 'unix:///var/run/docker.sock']);
    expect(dockerTargetArgs('')).toEqual([]);
  });

  test('kubernetes nodes are reached with kubectl exec in the namespace of the driver options', () => {
    const args = kubernetesArgs({ builder: 'k', driver: 'kubernetes', node: 'k0', endpoint: 'kubernetes:///k?deployment=k0', driverOpts: { namespace: 'ci' }, env: {} });
    expect(args).toEqual(['--namespace', 'ci', 'exec', '-i', 'deployment/k0', '--', 'buildctl', 'dial-stdio']);
  });

  test('remote TLS files come from the driver options, and none means plain TCP', () => {
    expect(remoteTls({ cacert: '/c/ca.pem', cert: '/c/cert.pem', key: '/c/key.pem', servername: 'bk' })).toEqual({ ca: '/c/ca.pem', cert: '/c/cert.pem', key: '/c/key.pem', serverName: 'bk' });
    expect(remoteTls({})).toBeUndefined();
  });

  test('endpoint addresses parse as unix or tcp, and anything else is refused', () => {
    expect(parseEndpoint('unix:///run/buildkit/buildkitd.sock')).toEqual({ kind: 'unix', path: '/run/buildkit/buildkitd.sock' });
    expect(parseEndpoint('tcp://10.0.0.5:1234')).toEqual({ kind: 'tcp', host: '10.0.0.5', port: 1234 });
    expect(parseEndpoint('tcp://[::1]:2376')).toEqual({ kind: 'tcp', host: '::1', port: 2376 });
    expect(() => parseEndpoint('ssh://user@host')).toThrow(/unsupported endpoint/);
  });
});
