import type { Duplex } from 'node:stream';

// A driver's only job is a connection: every transport opens one fresh byte
// stream to BuildKit's gRPC server (HTTP/2, prior knowledge) per call.

/** Opens byte streams that speak gRPC to one BuildKit node. */
export interface Transport {
  /** What this transport reaches, for messages ("docker daemon at unix:///var/run/docker.sock"). */
  readonly description: string;
  /** Opens a new connection; rejects with a typed error when the peer cannot be reached. */
  dial(): Promise<Duplex>;
}
