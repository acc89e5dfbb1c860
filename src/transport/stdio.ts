import { Duplex } from 'node:stream';
import type { Transport } from './transport.js';

// A transport whose bytes travel through a helper process's stdin/stdout:
// `docker exec -i C buildctl dial-stdio`, `kubectl exec ...`, or
// `docker --context X system dial-stdio` for daemons behind ssh://.

/** Spawns `command args` per connection and speaks through its stdio. */
export class StdioTransport implements Transport {
  readonly description: string;
  constructor(
    private readonly command: string,
    private readonly args: readonly string[],
    description?: string,
  ) {
    this.description = description ?? `${command} ${args.join(' ')}`;
  }

  async dial(): Promise<Duplex> {
    // execa loads on the first dial: resolving a builder whose transport this is must not pay for it.
    const { startCommand } = await import('../exec/run.js');
    const child = startCommand(this.command, this.args, {
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      encoding: 'buffer',
      cleanup: true,
    });
    const { stdin, stdout } = child;
    if (!stdin || !stdout) throw new Error(`${this.description}: no stdio pipes`);
    const stream = Duplex.from({ readable: stdout, writable: stdin });
    let stderrTail = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-2000);
    });
    // Ending the stream ends the helper; a helper that dies ends the stream with its complaint.
    stream.on('close', () => child.kill('SIGTERM'));
    void child.then((result) => {
      if (!stream.destroyed) {
        const why = stderrTail.trim() || `exit code ${result.exitCode ?? result.signal ?? 'unknown'}`;
        stream.destroy(result.exitCode === 0 ? undefined : new Error(`${this.description}: ${why}`));
      }
    });
    return stream;
  }
}
