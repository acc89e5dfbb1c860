import * as net from 'node:net';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream';
import { debug } from '../core/log.js';
import { removeAtExit } from '../core/temp-dirs.js';
import type { Transport } from './transport.js';
import { asError } from '../core/errors.js';

// grpc-js can only dial addresses it opens itself, so each transport is
// served to it through a private unix socket: every connection grpc-js makes
// there is paired with a fresh transport connection, bytes piped both ways.

/** A running bridge: the address for grpc-js and a close that removes everything. */
export interface Bridge {
  readonly address: string;
  /** The last dial failure, so callers can say why grpc-js saw UNAVAILABLE. */
  readonly lastError: Error | undefined;
  close(): Promise<void>;
}

/** Starts a unix-socket listener in a private temp dir that forwards to the transport. */
export async function startBridge(transport: Transport): Promise<Bridge> {
  // Made and listed for removal in one step: an exit that comes before close()
  // (a signal while a report is made) removes it, and no exit can fall between
  // the two (an async mkdtemp still in flight at exit left the dir behind).
  const dir = mkdtempSync(join(tmpdir(), 'buildlens-bridge-'));
  const forget = removeAtExit(dir);
  const path = join(dir, 'grpc.sock');
  const sockets = new Set<net.Socket>();
  const state: { lastError: Error | undefined } = { lastError: undefined };

  const server = net.createServer((local) => {
    sockets.add(local);
    local.on('close', () => sockets.delete(local));
    local.pause();
    transport.dial().then(
      (remote) => {
        if (local.destroyed) {
          remote.destroy();
          return;
        }
        pipeline(local, remote, local, () => {
          remote.destroy();
          local.destroy();
        });
        local.resume();
      },
      (error: unknown) => {
        state.lastError = asError(error);
        debug(`bridge: dial failed: ${state.lastError.message}`);
        local.destroy();
      },
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    forget();
    throw error;
  });

  let closed = false;
  return {
    address: `unix://${path}`,
    get lastError() {
      return state.lastError;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
      forget();
    },
  };
}
