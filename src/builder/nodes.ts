import { BuildkitClient } from '../buildkit/client.js';
import { errorMessage } from '../core/errors.js';
import type { BuilderSession } from './connect.js';
import { resolveBuilder } from './resolve.js';
import type { ResolvedBuilder } from './types.js';

// A builder of several nodes keeps one history per node, and one build of
// several platforms runs on several of them under one ref. These are the
// connections to a builder's nodes, each made when first needed and all
// closed together; a builder of one node costs one connection, as before.

/** A node that could not be reached, and why. */
export interface UnreachableNode {
  node: string;
  error: unknown;
}

/** A builder's nodes, each reached through a session (what commands need of NodeConnections). */
export interface BuilderNodes {
  readonly builder: ResolvedBuilder;
  /** The session of one node (the first when unnamed); rejects when it cannot be reached. */
  session(node?: string): Promise<BuilderSession>;
  /** Every node's session, in the builder's order; nodes that cannot be reached are named with why. */
  all(): Promise<{ sessions: BuilderSession[]; unreachable: UnreachableNode[] }>;
}

/** Connections to the nodes of one builder. */
export class NodeConnections implements BuilderNodes {
  private readonly open = new Map<string, Promise<BuilderSession>>();
  private closed = false;

  /** `early`: a session already connected (or connecting) to one of its nodes. */
  constructor(
    readonly builder: ResolvedBuilder,
    early?: Promise<BuilderSession | undefined>,
  ) {
    if (early) {
      const first = builder.nodes[0]?.name;
      if (first)
        this.open.set(
          first,
          early.then((s) => s ?? this.connect(first)),
        );
    }
  }

  /** The session of one node (the first when unnamed); rejects when it cannot be reached. */
  session(node?: string): Promise<BuilderSession> {
    const name = (this.builder.nodes.find((n) => n.name === node) ?? this.builder.nodes[0])?.name;
    if (!name) return Promise.reject(new Error(`builder ${this.builder.name} has no nodes`));
    // After close() (a signal ended the report) nothing is dialed again: it would outlive the close.
    if (this.closed) return Promise.reject(new Error(`the connections to builder ${this.builder.name} are closed`));
    let session = this.open.get(name);
    if (!session) {
      session = this.connect(name);
      this.open.set(name, session);
    }
    return session;
  }

  /** Every node's session, in the builder's order; nodes that cannot be reached are named with why. */
  async all(): Promise<{ sessions: BuilderSession[]; unreachable: UnreachableNode[] }> {
    const settled = await Promise.allSettled(this.builder.nodes.map((n) => this.session(n.name)));
    const sessions: BuilderSession[] = [];
    const unreachable: UnreachableNode[] = [];
    settled.forEach((s, i) => {
      if (s.status === 'fulfilled') sessions.push(s.value);
      else unreachable.push({ node: this.builder.nodes[i]?.name ?? '?', error: s.reason });
    });
    return { sessions, unreachable };
  }

  /** Closes every connection made. */
  async close(): Promise<void> {
    this.closed = true;
    const sessions = await Promise.allSettled(this.open.values());
    this.open.clear();
    await Promise.all(sessions.map((s) => (s.status === 'fulfilled' ? s.value.client.close() : undefined)));
  }

  private async connect(name: string): Promise<BuilderSession> {
    const node = this.builder.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`builder ${this.builder.name} has no node ${name}`);
    return { builder: this.builder, node: name, client: await BuildkitClient.connect(node.transport) };
  }
}

/** Resolves the builder, runs fn with connections to its nodes, and closes them whatever happens. */
export async function withNodes<T>(opts: { builder?: string | undefined }, fn: (nodes: BuilderNodes) => Promise<T>): Promise<T> {
  const builder = await resolveBuilder(opts.builder ? { builder: opts.builder } : {});
  if (builder.nodes.length === 0) throw new Error(`builder ${builder.name} has no nodes`);
  const nodes = new NodeConnections(builder);
  try {
    return await fn(nodes);
  } finally {
    await nodes.close();
  }
}

/** One line naming the nodes that could not be reached. */
export function unreachableNote(unreachable: readonly UnreachableNode[]): string {
  return unreachable.map((u) => `node ${u.node} could not be reached (${errorMessage(u.error)})`).join('; ');
}
