import type { Duplex } from 'node:stream';
import { BuilderUnreachableError, errorMessage } from '../core/errors.js';
import { upgradeToH2c } from './h2c-upgrade.js';
import { connectEndpoint, describeEndpoint, type Endpoint, type TlsFiles } from './socket.js';
import type { Transport } from './transport.js';

// The docker driver: BuildKit lives inside dockerd and is reached through the
// Docker API's POST /grpc, upgraded to h2c on a connection to the daemon.

/** Opens a raw connection to the Docker API (socket, TLS, or a dial-stdio helper). */
export type DaemonDialer = () => Promise<Duplex>;

/** Dials dockerd's embedded BuildKit through whatever reaches the daemon's API. */
export class DockerDaemonTransport implements Transport {
  constructor(
    private readonly dialDaemon: DaemonDialer,
    readonly description: string,
    private readonly hostHeader = 'docker',
  ) {}

  /** A transport for a daemon at unix:// or tcp:// (with TLS files when given). */
  static forEndpoint(endpoint: Endpoint, tlsFiles?: TlsFiles): DockerDaemonTransport {
    return new DockerDaemonTransport(
      () => connectEndpoint(endpoint, tlsFiles),
      `the Docker daemon at ${describeEndpoint(endpoint)}`,
      endpoint.kind === 'tcp' ? endpoint.host : 'docker',
    );
  }

  async dial(): Promise<Duplex> {
    try {
      const socket = await this.dialDaemon();
      return await upgradeToH2c(socket, { host: this.hostHeader });
    } catch (error) {
      const reason = errorMessage(error);
      throw new BuilderUnreachableError(`cannot reach BuildKit through ${this.description}: ${reason}`, { cause: error });
    }
  }
}
