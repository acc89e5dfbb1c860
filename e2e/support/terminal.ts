import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { CLI_PATH } from './cli.js';
import { eventually } from './processes.js';

// Runs the built CLI on a pseudo-terminal, as a person's shell would: util-linux
// `script` gives it a terminal of a set size and keeps a transcript of the
// screen. Ctrl-C is typed into the terminal (the line discipline sends SIGINT
// to the whole foreground group, buildx included), not sent to one process.

// What a run on a terminal produced.
export interface TerminalResult {
  exitCode: number;
  // Every byte drawn, control codes removed (the transcript's header and footer left out).
  screen: string;
  // Each line as it was last drawn, in order: the screen a person sees at the end.
  lastFrame: string[];
}

// How to run: terminal width, extra environment, and a condition on the
// screen so far that, once true, types Ctrl-C.
export interface TerminalOptions {
  cols?: number;
  env?: Record<string, string>;
  interruptWhen?: (screen: string) => boolean;
  timeoutMs?: number;
}

// Arguments quoted for the inner shell line (they are test-made: no quote inside).
function shellWords(args: readonly string[]): string {
  return args.map((a) => `'${a}'`).join(' ');
}

// The transcript as plain text: control sequences and carriage returns stripped.
function plain(raw: string): string {
  return raw.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\x1b[()][0-9A-Za-z]/g, '').replace(/\r/g, '');
}

// The screen's final state: listr2 redraws its block by moving the cursor up
// and erasing, so the block drawn last is what remains. Lines are taken from
// the last redraw on (a cursor-up sequence ends the previous frame).
function finalFrame(raw: string): string[] {
  const cut = raw.lastIndexOf('\x1b[1A');
  const tail = cut < 0 ? raw : raw.slice(raw.indexOf('\x1b[G', cut) >= 0 ? raw.indexOf('\x1b[G', cut) : cut);
  return plain(tail).split('\n').map((l) => l.trimEnd()).filter((l) => l !== '' && !l.startsWith('Script '));
}

// Runs `node dist/cli.js ...args` on a terminal; never rejects.
export async function runCliOnTerminal(args: readonly string[], opts: TerminalOptions = {}): Promise<TerminalResult> {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-tty-'));
  const transcript = join(dir, 'transcript.txt');
  // exec: node takes the shell's place, so Ctrl-C reaches it as it would from a prompt.
  const inner = `stty cols ${opts.cols ?? 120} rows 40; exec node ${CLI_PATH} ${shellWords(args)}`;
  try {
    const child = execa('script', ['-qfec', inner, transcript], {
      reject: false,
      env: { ...process.env, CI: '', ...opts.env },
      stdin: 'pipe',
      timeout: opts.timeoutMs ?? 240_000,
    });
    const read = () => {
      try {
        return plain(readFileSync(transcript, 'utf8'));
      } catch {
        return '';
      }
    };
    if (opts.interruptWhen) {
      const when = opts.interruptWhen;
      if (await eventually(() => when(read()), 120_000, 200)) child.stdin?.write('\x03');
    }
    const result = await child;
    const raw = readFileSync(transcript, 'utf8');
    return { exitCode: result.exitCode ?? -1, screen: plain(raw).split('\n').filter((l) => !l.startsWith('Script ')).join('\n'), lastFrame: finalFrame(raw) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
