import type { Duplex } from 'node:stream';

// The Docker API's POST /grpc answers "101 Switching Protocols" and then
// speaks HTTP/2 on the same connection (moby api/server/router/grpc). This
// performs that upgrade on an open connection and hands the socket back with
// any bytes read past the response head pushed back into it.

const MAX_HEAD_BYTES = 64 * 1024;

/** Failure of the h2c upgrade, with the daemon's status line when there was one. */
export class UpgradeError extends Error {
  readonly statusLine: string | undefined;
  constructor(message: string, statusLine?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UpgradeError';
    this.statusLine = statusLine;
  }
}

/** Sends the upgrade request for `path`; resolves with the socket, paused, once the daemon switched protocols. */
export function upgradeToH2c(socket: Duplex, opts: { host?: string; path?: string; timeoutMs?: number } = {}): Promise<Duplex> {
  const path = opts.path ?? '/grpc';
  const request =
    `POST ${path} HTTP/1.1\r\n` +
    `Host: ${opts.host ?? 'docker'}\r\n` +
    'Connection: Upgrade\r\n' +
    'Upgrade: h2c\r\n' +
    'Content-Length: 0\r\n' +
    'User-Agent: buildlens\r\n\r\n';

  return new Promise<Duplex>((resolve, reject) => {
    let head = Buffer.alloc(0);
    const timer = setTimeout(
      () => fail(new UpgradeError(`no answer to the /grpc upgrade within ${opts.timeoutMs ?? 10_000} ms`)),
      opts.timeoutMs ?? 10_000,
    );

    const cleanup = (): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
    };
    const fail = (error: Error): void => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onError = (error: Error): void =>
      fail(new UpgradeError(`connection failed during the /grpc upgrade: ${error.message}`, undefined, { cause: error }));
    const onClose = (): void => fail(new UpgradeError('the daemon closed the connection before answering the /grpc upgrade'));
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > MAX_HEAD_BYTES) fail(new UpgradeError('the /grpc upgrade answer has an oversized header'));
        return;
      }
      const statusLine = head.subarray(0, head.indexOf('\r\n')).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
      if (status !== '101') {
        const hint = status === '404' ? ' (this daemon has no /grpc endpoint: BuildKit is not enabled in it)' : '';
        fail(new UpgradeError(`the daemon refused the /grpc upgrade: "${statusLine}"${hint}`, statusLine));
        return;
      }
      cleanup();
      const rest = head.subarray(end + 4);
      socket.pause();
      if (rest.length > 0) socket.unshift(rest);
      resolve(socket);
    };

    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.write(request);
  });
}
