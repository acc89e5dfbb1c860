import type { Readable } from 'node:stream';
import type { BuilderSession } from '../builder/connect.js';
import { resolveBuilder } from '../builder/resolve.js';
import { BuildkitClient } from '../buildkit/client.js';
import { localContentDirs, openLocalBlob } from '../buildkit/local-content.js';
import { errorMessage } from '../core/errors.js';
import { debug } from '../core/log.js';
import type { BlobStore } from '../sources/source.js';

// Blobs the engine here may still hold for a build read from a file: its
// content store on disk (the docker driver's, or BUILDLENS_CONTENT_DIR), then
// the builder's content API, connected on first use only. Nothing is
// required: a store that cannot be reached simply holds nothing.

const PROBE_TIMEOUT_MS = 10_000;

/** An engine's blob store, and how to let go of its connection. */
export interface EngineBlobStore extends BlobStore {
  close(): Promise<void>;
}

/** The engine's blobs: local content store first, then the builder (`session`'s, else the one `builder` names). */
export function engineBlobStore(opts: { builder?: string | undefined; session?: BuilderSession | undefined } = {}): EngineBlobStore {
  const dirs = localContentDirs('docker');
  let connecting: Promise<BuildkitClient | undefined> | undefined;
  let owned: BuildkitClient | undefined;
  const client = (): Promise<BuildkitClient | undefined> => {
    connecting ??= connect(opts).then(
      (c) => {
        if (c !== opts.session?.client) owned = c;
        return c;
      },
      (error: unknown) => {
        debug(`builder content not reachable: ${errorMessage(error)}`);
        return undefined;
      },
    );
    return connecting;
  };
  return {
    async read(digest, size) {
      const local = await openLocalBlob(dirs, digest, size ?? 0);
      if (local) return local;
      const remote = await client();
      if (!remote) throw new Error(`blob ${digest} is neither in the local content store nor on a reachable builder`);
      return remote.readBlob(digest);
    },
    async has(digest, size) {
      const local = await openLocalBlob(dirs, digest, size);
      if (local) {
        local.destroy();
        return true;
      }
      const remote = await client();
      return remote ? firstBytesArrive(remote.readBlob(digest)) : false;
    },
    async close() {
      await owned?.close();
    },
  };
}

async function connect(opts: { builder?: string | undefined; session?: BuilderSession | undefined }): Promise<BuildkitClient> {
  if (opts.session) return opts.session.client;
  const builder = await resolveBuilder(opts.builder ? { builder: opts.builder } : {});
  const node = builder.nodes[0];
  if (!node) throw new Error(`builder ${builder.name} has no nodes`);
  return BuildkitClient.connect(node.transport);
}

// Whether a blob stream yields data (or ends empty) before it fails; it is closed either way.
function firstBytesArrive(stream: Readable): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (found: boolean) => {
      clearTimeout(timer);
      stream.removeAllListeners('data');
      // A late error of the stream given up (a cancelled read) has nowhere to go.
      stream.on('error', () => undefined);
      stream.destroy();
      resolve(found);
    };
    const timer = setTimeout(() => done(false), PROBE_TIMEOUT_MS);
    stream.once('data', () => done(true));
    stream.once('end', () => done(true));
    stream.once('error', () => done(false));
  });
}
