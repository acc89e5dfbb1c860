import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { parseJsonOrUndefined } from '../core/json.js';
import { BuilderUnreachableError } from '../core/errors.js';
import { DockerDaemonTransport } from './docker-daemon.js';
import { RemoteTransport } from './remote.js';
import { parseEndpoint, type TlsFiles } from './socket.js';
import { StdioTransport } from './stdio.js';
import type { Transport } from './transport.js';

// One transport per buildx driver, chosen by the driver's name. Each knows
// only how to open a connection to its node's BuildKit.

/** What a driver needs to know about one node. */
export interface NodeTarget {
  builder: string;
  driver: string;
  node: string;
  endpoint: string;
  driverOpts: Record<string, string>;
  env: NodeJS.ProcessEnv;
}

type TransportFactory = (target: NodeTarget) => Promise<Transport>;

const factories: Record<string, TransportFactory> = {
  docker: dockerTransport,
  'docker-container': async (t) =>
    new StdioTransport(
      'docker',
      [...dockerTargetArgs(t.endpoint), 'exec', '-i', `buildx_buildkit_${t.node}`, 'buildctl', 'dial-stdio'],
      `buildkitd in container buildx_buildkit_${t.node}`,
    ),
  remote: async (t) => new RemoteTransport(parseEndpoint(t.endpoint), remoteTls(t.driverOpts)),
  kubernetes: async (t) => new StdioTransport('kubectl', kubernetesArgs(t), `buildkitd in kubernetes deployment ${t.node}`),
};

/** The drivers buildlens can reach. */
export const SUPPORTED_DRIVERS = Object.keys(factories);

/** Builds the transport for one node; throws BuilderUnreachableError for an unknown driver. */
export async function transportFor(target: NodeTarget): Promise<Transport> {
  const factory = factories[target.driver];
  if (!factory) {
    throw new BuilderUnreachableError(
      `builder "${target.builder}" uses the "${target.driver}" driver, which buildlens cannot reach (supported: ` +
        `${SUPPORTED_DRIVERS.join(', ')})`,
    );
  }
  return factory(target);
}

/** `docker` CLI flags that select the daemon a docker-container node lives on. */
export function dockerTargetArgs(endpoint: string): string[] {
  if (!endpoint) return [];
  return /^[a-z]+:\/\//.test(endpoint) ? ['--host', endpoint] : ['--context', endpoint];
}

/** kubectl argv reaching buildkitd in the node's deployment (buildx driver/kubernetes). */
export function kubernetesArgs(t: NodeTarget): string[] {
  const namespace = t.driverOpts.namespace ?? 'default';
  return ['--namespace', namespace, 'exec', '-i', `deployment/${t.node}`, '--', 'buildctl', 'dial-stdio'];
}

/** TLS files of a remote builder from its driver options (buildx driver/remote). */
export function remoteTls(opts: Record<string, string>): TlsFiles | undefined {
  if (!opts.cacert && !opts.cert && !opts.key) return undefined;
  const files: TlsFiles = {};
  if (opts.cacert) files.ca = opts.cacert;
  if (opts.cert) files.cert = opts.cert;
  if (opts.key) files.key = opts.key;
  if (opts.servername) files.serverName = opts.servername;
  return files;
}

const contextSchema = z.array(
  z.object({
    Name: z.string(),
    Endpoints: z.object({ docker: z.object({ Host: z.string(), SkipTLSVerify: z.boolean().optional() }) }),
    Storage: z.object({ TLSPath: z.string().optional() }).optional(),
  }),
);

async function dockerTransport(t: NodeTarget): Promise<Transport> {
  const { host, tls } = await resolveDockerHost(t.endpoint, t.env);
  if (host.startsWith('unix://') || host.startsWith('tcp://')) {
    return DockerDaemonTransport.forEndpoint(parseEndpoint(host), tls);
  }
  // ssh:// and anything else the docker CLI itself can dial.
  const args = [...dockerTargetArgs(t.endpoint || host), 'system', 'dial-stdio'];
  const stdio = new StdioTransport('docker', args, `the Docker daemon at ${host}`);
  return new DockerDaemonTransport(() => stdio.dial(), `the Docker daemon at ${host}`);
}

/** The daemon address (and TLS files) of a docker context or host, as the docker CLI resolves it. */
export async function resolveDockerHost(endpoint: string, env: NodeJS.ProcessEnv): Promise<{ host: string; tls?: TlsFiles }> {
  if (/^[a-z]+:\/\//.test(endpoint)) return withEnvTls(endpoint, env);
  const { runCommand } = await import('../exec/run.js');
  const result = await runCommand('docker', ['context', 'inspect', endpoint || 'default'], { env });
  const parsed = result.exitCode === 0 ? contextSchema.safeParse(parseJsonOrUndefined(result.stdout)) : undefined;
  const context = parsed?.success ? parsed.data[0] : undefined;
  if (!context) {
    throw new BuilderUnreachableError(
      `cannot resolve docker context "${endpoint || 'default'}" (tried: docker context inspect): ` +
        `${result.stderr.trim() || 'no such context'}`,
    );
  }
  const host = context.Endpoints.docker.Host;
  if (env.DOCKER_HOST && (endpoint === 'default' || !endpoint)) return withEnvTls(host, env);
  const tlsDir = context.Storage?.TLSPath ? join(context.Storage.TLSPath, 'docker') : undefined;
  if (tlsDir && existsSync(join(tlsDir, 'cert.pem'))) {
    return {
      host,
      tls: {
        ca: join(tlsDir, 'ca.pem'),
        cert: join(tlsDir, 'cert.pem'),
        key: join(tlsDir, 'key.pem'),
        insecure: context.Endpoints.docker.SkipTLSVerify ?? false,
      },
    };
  }
  return { host };
}

function withEnvTls(host: string, env: NodeJS.ProcessEnv): { host: string; tls?: TlsFiles } {
  const verify = Boolean(env.DOCKER_TLS_VERIFY);
  if (!verify && !env.DOCKER_TLS) return { host };
  const dir = env.DOCKER_CERT_PATH ?? join(env.HOME ?? '', '.docker');
  return { host, tls: { ca: join(dir, 'ca.pem'), cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), insecure: !verify } };
}
