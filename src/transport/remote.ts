import type { Duplex } from 'node:stream';
import { BuilderUnreachableError, errorMessage } from '../core/errors.js';
import { connectEndpoint, describeEndpoint, type Endpoint, type TlsFiles } from './socket.js';
import type { Transport } from './transport.js';

// The remote driver: buildkitd's own gRPC listener, unix:// or tcp:// with the
// TLS client files buildx keeps for the builder.

/** Dials a buildkitd gRPC address directly. */
export class RemoteTransport implements Transport {
  readonly description: string;
  constructor(
    private readonly endpoint: Endpoint,
    private readonly tlsFiles?: TlsFiles,
  ) {
    this.description = `buildkitd at ${describeEndpoint(endpoint)}`;
  }

  async dial(): Promise<Duplex> {
    try {
      return await connectEndpoint(this.endpoint, this.tlsFiles);
    } catch (error) {
      const reason = errorMessage(error);
      throw new BuilderUnreachableError(`cannot reach ${this.description}: ${reason}`, { cause: error });
    }
  }
}
