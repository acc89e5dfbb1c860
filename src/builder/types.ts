import type { Transport } from '../transport/transport.js';

// The builder a command talks to, as resolved from buildx's own choice.

/** One node of the resolved builder, with the transport that reaches it. */
export interface ResolvedNode {
  name: string;
  endpoint: string;
  transport: Transport;
}

/** The builder a build runs on. */
export interface ResolvedBuilder {
  name: string;
  driver: string;
  nodes: ResolvedNode[];
}
