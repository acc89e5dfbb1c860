import { resolveBuilder } from './resolve.js';
import type { ResolvedBuilder } from './types.js';
import { BuildkitClient } from '../buildkit/client.js';

// Connects to the builder a command is about, runs the work, and always closes
// the connection (and its bridge socket), whatever happens.

/** A connected builder node. */
export interface BuilderSession {
  builder: ResolvedBuilder;
  node: string;
  client: BuildkitClient;
}

/** Resolves the builder, connects to one node (the named one, else the first), and runs fn. */
export async function withBuilder<T>(
  opts: { builder?: string; node?: string; resolved?: ResolvedBuilder },
  fn: (session: BuilderSession) => Promise<T>,
): Promise<T> {
  const builder = opts.resolved ?? (await resolveBuilder(opts.builder ? { builder: opts.builder } : {}));
  const node = builder.nodes.find((n) => n.name === opts.node) ?? builder.nodes[0];
  if (!node) throw new Error(`builder ${builder.name} has no nodes`);
  const client = await BuildkitClient.connect(node.transport);
  try {
    return await fn({ builder, node: node.name, client });
  } finally {
    await client.close();
  }
}
