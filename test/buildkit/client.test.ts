import { mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { Server, ServerCredentials, status, type ServerWritableStream, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { afterEach, describe, expect, test } from 'vitest';
import { BuildkitClient, HistoryUnsupportedError } from '../../src/buildkit/client.js';
import { loadProtos } from '../../src/buildkit/proto.js';
import { BuilderUnreachableError } from '../../src/core/errors.js';
import type { Transport } from '../../src/transport/transport.js';

// An in-process gRPC server speaking the vendored protos, reached through the
// same bridge and transport interface as a real BuildKit.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function serve(control: UntypedServiceImplementation, content: UntypedServiceImplementation = {}): Promise<Transport> {
  const dir = mkdtempSync(join(tmpdir(), 'buildlens-grpc-test-'));
  const path = join(dir, 'server.sock');
  const server = new Server();
  const protos = loadProtos();
  server.addService(protos.control.moby.buildkit.v1.Control.service, control);
  server.addService(protos.content.containerd.services.content.v1.Content.service, content);
  await new Promise<void>((resolve, reject) => server.bindAsync(`unix://${path}`, ServerCredentials.createInsecure(), (e) => (e ? reject(e) : resolve())));
  cleanups.push(() => {
    server.forceShutdown();
    rmSync(dir, { recursive: true, force: true });
  });
  return { description: 'the test server', dial: () => new Promise<Duplex>((resolve, reject) => {
    const socket = net.connect(path, () => resolve(socket));
    socket.once('error', reject);
  }) };
}

async function connect(transport: Transport): Promise<BuildkitClient> {
  const client = await BuildkitClient.connect(transport);
  cleanups.push(() => client.close());
  return client;
}

describe('the BuildKit client', () => {
  test('a server without the history API yields a clear "needs the build history API" error', async () => {
    const client = await connect(await serve({
      ListenBuildHistory: (call: ServerWritableStream<unknown, unknown>) => call.emit('error', { code: status.UNIMPLEMENTED, details: 'unknown method ListenBuildHistory' }),
    }));
    const error = await client.listRecords().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HistoryUnsupportedError);
    expect((error as Error).message).toMatch(/needs BuildKit with the build history API/);
    expect((error as HistoryUnsupportedError).exitCode).toBe(4);
  });

  test('records arrive newest first, and DELETED events remove them', async () => {
    const record = (ref: string, seconds: number) => ({ Ref: ref, CreatedAt: { seconds: String(seconds), nanos: 0 }, FrontendAttrs: { filename: 'Dockerfile' } });
    const client = await connect(await serve({
      ListenBuildHistory: (call: ServerWritableStream<unknown, unknown>) => {
        call.write({ type: 'COMPLETE', record: record('older', 100) });
        call.write({ type: 'COMPLETE', record: record('newer', 200) });
        call.write({ type: 'COMPLETE', record: record('gone', 300) });
        call.write({ type: 'DELETED', record: record('gone', 300) });
        call.end();
      },
    }));
    const records = await client.listRecords();
    expect(records.map((r) => r.ref)).toEqual(['newer', 'older']);
    expect(records[0]?.createdAt?.toISOString()).toBe('1970-01-01T00:03:20.000Z');
  });

  test('blobs stream in order and are never requested whole when the reader is slow', async () => {
    const chunk = Buffer.alloc(256 * 1024, 7);
    const chunks = 64; // 16 MiB
    let sent = 0;
    let maxAhead = 0;
    let consumed = 0;
    const client = await connect(await serve({}, {
      Read: (call: ServerWritableStream<{ digest: string }, unknown>) => {
        const pump = (): void => {
          while (sent < chunks) {
            const data = Buffer.from(chunk);
            data.writeUInt32BE(sent, 0);
            sent++;
            maxAhead = Math.max(maxAhead, sent * chunk.length - consumed);
            if (!call.write({ offset: String((sent - 1) * chunk.length), data })) {
              call.once('drain', pump);
              return;
            }
          }
          call.end();
        };
        pump();
      },
    }));
    const received: Buffer[] = [];
    const blob = client.readBlob('sha256:test');
    let maxBuffered = 0;
    // A slow reader: 512 KiB every 10 ms.
    await new Promise<void>((resolve, reject) => {
      blob.on('error', reject);
      blob.on('end', resolve);
      blob.on('readable', function read() {
        maxBuffered = Math.max(maxBuffered, blob.readableLength);
        const piece: Buffer | null = blob.read(512 * 1024) ?? (blob.readableEnded ? null : blob.read());
        if (piece) {
          received.push(piece);
          consumed += piece.length;
          blob.off('readable', read);
          setTimeout(() => {
            blob.on('readable', read);
            read();
          }, 10);
        }
      });
    });
    const whole = Buffer.concat(received);
    expect(whole.length).toBe(chunks * chunk.length);
    for (let i = 0; i < chunks; i++) expect(whole.readUInt32BE(i * chunk.length)).toBe(i);
    // The client pauses the call while its buffer is full: memory stays bounded.
    expect(maxBuffered).toBeLessThan(4 * 1024 * 1024);
    expect(maxAhead).toBeLessThan(chunks * chunk.length);
  });

  test('an unreachable transport is a BuilderUnreachableError naming the cause', async () => {
    const client = await connect({ description: 'a dead daemon', dial: () => Promise.reject(new Error('connect ENOENT /nowhere.sock')) });
    const error = await client.info(3000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuilderUnreachableError);
    expect((error as Error).message).toMatch(/ENOENT \/nowhere\.sock/);
  });
});
