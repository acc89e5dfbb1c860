import * as net from 'node:net';
import * as tls from 'node:tls';
import { readFile } from 'node:fs/promises';
import type { Duplex } from 'node:stream';

// Plain socket dialing for unix://, tcp:// and tcp:// with TLS, shared by the
// docker-daemon and remote transports.

/** TLS material as paths, the way docker contexts and buildx builders keep it. */
export interface TlsFiles {
  ca?: string;
  cert?: string;
  key?: string;
  serverName?: string;
  /** Skip server verification (docker's --tlsverify=false with TLS on). */
  insecure?: boolean;
}

/** A parsed endpoint address. */
export type Endpoint = { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: number };

/** Parses unix:///path, tcp://host:port (also npipe-less docker forms); throws on anything else. */
export function parseEndpoint(address: string): Endpoint {
  if (address.startsWith('unix://')) return { kind: 'unix', path: address.slice('unix://'.length) };
  if (address.startsWith('/')) return { kind: 'unix', path: address };
  const match = /^(?:tcp|http|https):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(address);
  if (match?.[1]) {
    const host = match[1].replace(/^\[|\]$/g, '');
    return { kind: 'tcp', host, port: match[2] ? Number(match[2]) : 2375 };
  }
  throw new Error(`unsupported endpoint address "${address}" (expected unix://PATH or tcp://HOST:PORT)`);
}

/** Opens a connection to the endpoint, with TLS when files are given; resolves once connected. */
export async function connectEndpoint(endpoint: Endpoint, tlsFiles?: TlsFiles, timeoutMs = 10_000): Promise<Duplex> {
  const secure = tlsFiles !== undefined && endpoint.kind === 'tcp';
  const options = secure ? await loadTls(tlsFiles) : undefined;
  return new Promise<Duplex>((resolve, reject) => {
    const socket: net.Socket =
      secure && endpoint.kind === 'tcp'
        ? tls.connect({ host: endpoint.host, port: endpoint.port, servername: tlsFiles.serverName ?? endpoint.host, ...options })
        : endpoint.kind === 'unix'
          ? net.connect({ path: endpoint.path })
          : net.connect({ host: endpoint.host, port: endpoint.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`timed out after ${timeoutMs} ms connecting to ${describeEndpoint(endpoint)}`));
    }, timeoutMs);
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(error.message, { cause: error }));
    });
  });
}

/** The endpoint as a docker-style address, for messages. */
export function describeEndpoint(endpoint: Endpoint): string {
  return endpoint.kind === 'unix' ? `unix://${endpoint.path}` : `tcp://${endpoint.host}:${endpoint.port}`;
}

async function loadTls(files: TlsFiles): Promise<tls.ConnectionOptions> {
  const read = async (path: string | undefined): Promise<Buffer | undefined> => (path ? readFile(path) : undefined);
  // One after another, so a missing file is named the same way every time (the CA first).
  const ca = await read(files.ca);
  const cert = await read(files.cert);
  const key = await read(files.key);
  return { ca, cert, key, rejectUnauthorized: !files.insecure, ALPNProtocols: ['h2', 'http/1.1'] };
}
