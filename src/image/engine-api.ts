import { readFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { z } from 'zod';
import { parseEndpoint, type Endpoint, type TlsFiles } from '../transport/socket.js';
import { resolveDockerHost } from '../transport/registry.js';
import { errorMessage } from '../core/errors.js';
import { EngineUnreachableError, ImageNotFoundError, ImageUnreadableError } from './errors.js';

// The few Docker Engine API calls reading an image takes: which platform the
// engine runs, what an image name resolves to, and `docker save`'s stream.
// The engine is the one docker itself would use: DOCKER_HOST, else
// DOCKER_CONTEXT's, else the default socket.

const API = '/v1.41';
const TIMEOUT_MS = 15_000;

const versionSchema = z.object({ Os: z.string().optional(), Arch: z.string().optional(), ApiVersion: z.string().optional() }).passthrough();
const infoSchema = z
  .object({ DockerRootDir: z.string().optional(), DriverStatus: z.array(z.array(z.string())).nullable().optional() })
  .passthrough();
const inspectSchema = z
  .object({
    Id: z.string(),
    RepoTags: z.array(z.string()).nullable().optional(),
    Os: z.string().optional(),
    Architecture: z.string().optional(),
    RootFS: z
      .object({ Layers: z.array(z.string()).nullable().optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();

/** What the engine says of an image. */
export type EngineImage = z.infer<typeof inspectSchema>;

/** A local Docker engine's API. */
export class EngineApi {
  private constructor(
    readonly endpoint: Endpoint,
    private readonly tls: { ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized: boolean } | undefined,
    readonly address: string,
  ) {}

  /** The engine docker would talk to in this environment. */
  static async fromEnv(env: NodeJS.ProcessEnv = process.env): Promise<EngineApi> {
    const context = env.DOCKER_HOST
      ? env.DOCKER_HOST
      : env.DOCKER_CONTEXT && env.DOCKER_CONTEXT !== 'default'
        ? env.DOCKER_CONTEXT
        : undefined;
    let host = 'unix:///var/run/docker.sock';
    let tlsFiles: TlsFiles | undefined;
    if (context) {
      const resolved = await resolveDockerHost(context, env);
      host = resolved.host;
      tlsFiles = resolved.tls;
    }
    let endpoint: Endpoint;
    try {
      endpoint = parseEndpoint(host);
    } catch (error) {
      throw new EngineUnreachableError(`cannot reach the Docker engine at ${host}: ${errorMessage(error)}`, { cause: error });
    }
    return new EngineApi(endpoint, tlsFiles ? await loadTls(tlsFiles) : undefined, host);
  }

  /** The engine's OS and architecture (GOOS/GOARCH names). */
  async platform(): Promise<{ os: string; arch: string }> {
    const version = versionSchema.parse(await this.json('/version'));
    return { os: version.Os ?? 'linux', arch: version.Arch ?? '' };
  }

  /** Where the engine keeps its data, and whether its images live in containerd's store (the containerd snapshotter). */
  async storage(): Promise<{ rootDir: string | undefined; containerdStore: boolean }> {
    const info = infoSchema.parse(await this.json('/info'));
    const containerdStore = (info.DriverStatus ?? []).some(
      ([key, value]) => key === 'driver-type' && value?.startsWith('io.containerd.snapshotter'),
    );
    return { rootDir: info.DockerRootDir, containerdStore };
  }

  /** An image by name or ID; ImageNotFoundError when the engine has none. */
  async inspect(name: string): Promise<EngineImage> {
    const response = await this.get(`/images/${encodeURIComponent(name)}/json`);
    if (response.statusCode === 404) {
      response.resume();
      throw new ImageNotFoundError(`no image ${name} in the Docker engine's store at ${this.address}`);
    }
    return inspectSchema.parse(await readJson(response, name));
  }

  /** `docker save` of one image, as a stream of its tar. */
  async save(name: string): Promise<IncomingMessage> {
    const response = await this.get(`/images/${encodeURIComponent(name)}/get`);
    if (response.statusCode !== 200) {
      const body = await readText(response);
      throw new ImageUnreadableError(`the Docker engine at ${this.address} could not save ${name}: ${body.trim().slice(0, 300)}`);
    }
    return response;
  }

  private async json(path: string): Promise<unknown> {
    const response = await this.get(path);
    if (response.statusCode !== 200)
      throw new ImageUnreadableError(`the Docker engine at ${this.address} answered ${response.statusCode} to GET ${path}`);
    return readJson(response, path);
  }

  private get(path: string): Promise<IncomingMessage> {
    const options: RequestOptions = { method: 'GET', path: `${API}${path}`, headers: { host: 'docker' }, timeout: TIMEOUT_MS };
    if (this.endpoint.kind === 'unix') options.socketPath = this.endpoint.path;
    else Object.assign(options, { host: this.endpoint.host, port: this.endpoint.port });
    return new Promise((resolve, reject) => {
      const request = this.tls ? httpsRequest({ ...options, ...this.tls }) : httpRequest(options);
      request.once('response', (response) => {
        // The timeout guards connecting and the first byte; a long save may take longer.
        request.setTimeout(0);
        resolve(response);
      });
      request.once('timeout', () => request.destroy(new Error(`no answer in ${TIMEOUT_MS / 1000} s`)));
      request.once('error', (error) =>
        reject(new EngineUnreachableError(`cannot reach the Docker engine at ${this.address}: ${error.message}`, { cause: error })),
      );
      request.end();
    });
  }
}

async function readText(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(response: IncomingMessage, what: string): Promise<unknown> {
  const text = await readText(response);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ImageUnreadableError(`the Docker engine's answer about ${what} is not JSON`, { cause: error });
  }
}

async function loadTls(files: TlsFiles): Promise<{ ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized: boolean }> {
  const read = async (path: string | undefined): Promise<Buffer | undefined> => (path ? readFile(path) : undefined);
  const [ca, cert, key] = await Promise.all([read(files.ca), read(files.cert), read(files.key)]);
  return { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}), rejectUnauthorized: !files.insecure };
}
