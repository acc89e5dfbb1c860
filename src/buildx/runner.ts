import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { BuilderUnreachableError } from '../core/errors.js';
import { startAttached } from '../exec/attached.js';
import { debug } from '../core/log.js';
import { installSignalForwarding, type Killable } from './signals.js';

// Runs `docker buildx build` with the user's arguments untouched, adding only
// `--metadata-file` (in a private temp dir, before the user's arguments so a
// trailing context or `--` stays last) when the user gave none: buildx writes
// the build's history ref there. Signals are forwarded to buildx; the temp dir
// is removed on every path, and nothing is left running.

const STDERR_TAIL_LINES = 200;

/** What buildx wrote to its metadata file (validated; unknown keys kept). */
export type { BuildxMetadata } from './metadata.js';
import type { BuildxMetadata } from './metadata.js';

/** Options of one buildx run. */
export interface RunBuildxOptions {
  buildxArgs: readonly string[];
  /** The user's own --metadata-file: read after the build and left in place (no temp file then). */
  metadataFile?: string;
  env?: NodeJS.ProcessEnv;
  /** 'inherit' (the default) whenever the context or Dockerfile is `-`. */
  stdin?: 'inherit' | 'ignore';
  /**
   * Pipes buildx's stderr through this line filter (e.g. to redact build-arg
   * values from plain progress, whose step names carry them) instead of
   * inheriting it.
   */
  filterStderr?: (line: string) => string;
  /** Captures buildx's stderr instead of showing it (e.g. under buildlens's live view); its tail is returned. */
  captureStderr?: boolean;
}

/** The outcome of a buildx run. */
export interface BuildxRun {
  /** buildx's own exit code (128 + n when it died of signal n). */
  exitCode: number;
  /** The signal buildlens received and forwarded: the caller exits 130/143. */
  signal?: NodeJS.Signals;
  metadata?: BuildxMetadata;
  /** The history ref: the last segment of buildx.build.ref ("builder/node/ref"). */
  ref?: string;
  builderName?: string;
  nodeName?: string;
  /** The last lines of buildx's stderr, unredacted, when it was filtered or captured. */
  stderrTail?: string[];
  startedAt: Date;
  completedAt: Date;
}

/** Runs buildx to completion, forwarding SIGINT/SIGTERM; throws BuilderUnreachableError when docker or buildx is missing. */
export async function runBuildx(opts: RunBuildxOptions): Promise<BuildxRun> {
  const userFile = opts.metadataFile;
  const env = opts.env ?? process.env;
  let child: Killable | undefined;
  // Installed before anything is created, so an early Ctrl-C cannot leave the temp dir behind.
  const signals = installSignalForwarding({ kill: (signal) => child?.kill(signal) ?? false });
  let tempDir: string | undefined;
  try {
    tempDir = userFile === undefined ? await mkdtemp(join(tmpdir(), 'buildlens-run-')) : undefined;
    const metadataPath = userFile ?? join(tempDir ?? '', 'metadata.json');
    // buildx writes the file only on success: unchanged content is a previous build's.
    const previous = userFile === undefined ? undefined : await readText(userFile);
    const startedAt = new Date();
    if (signals.received)
      return { exitCode: 128 + signalNumber(signals.received), signal: signals.received, startedAt, completedAt: new Date() };

    const readsStderr = opts.filterStderr !== undefined || opts.captureStderr === true;
    const args = ['buildx', 'build', ...(userFile === undefined ? ['--metadata-file', metadataPath] : []), ...opts.buildxArgs];
    const subprocess = startAttached('docker', args, {
      stdin: opts.stdin ?? 'inherit',
      stderr: readsStderr ? 'pipe' : 'inherit',
      env,
      // Should buildx ignore a forwarded SIGTERM, end it before a CI runner's own SIGKILL of us orphans it.
      forceKillAfterMs: 5_000,
    });
    child = subprocess;
    const stderrTail: string[] = [];
    const reading = readsStderr && subprocess.stderr ? readLines(subprocess.stderr, stderrTail, opts.filterStderr) : undefined;
    const result = await subprocess.result;
    await reading;
    const completedAt = new Date();

    if (result.spawnError) {
      const error = result.spawnError;
      const what = error.code === 'ENOENT' ? 'docker is not installed or not on the PATH' : `could not run docker: ${error.message}`;
      throw new BuilderUnreachableError(`${what} (tried: docker buildx build)`, { cause: error });
    }
    const exitCode = result.exitCode ?? 128 + signalNumber(result.signal);
    if (exitCode !== 0 && signals.received === undefined) await assertBuildxInstalled(env);

    const run: BuildxRun = { exitCode, startedAt, completedAt };
    if (reading) run.stderrTail = stderrTail;
    const metadata = await readMetadata(metadataPath, previous);
    if (metadata) Object.assign(run, { metadata }, refParts(metadata['buildx.build.ref']));
    // Read last, so a Ctrl-C that lands after buildx exited still makes us exit 130.
    if (signals.received) run.signal = signals.received;
    return run;
  } finally {
    if (tempDir !== undefined) await rm(tempDir, { recursive: true, force: true });
    // Only now: a signal while cleaning up is still recorded instead of killing us mid-way.
    signals.dispose();
  }
}

/** Splits buildx.build.ref ("builder/node/ref") into its parts. */
export function refParts(buildRef: string | undefined): Pick<BuildxRun, 'ref' | 'builderName' | 'nodeName'> {
  const parts = buildRef?.split('/') ?? [];
  const ref = parts[parts.length - 1];
  if (!ref) return {};
  if (parts.length !== 3) return { ref };
  return { ref, builderName: parts[0] ?? '', nodeName: parts[1] ?? '' };
}

// A failed run may be docker saying it has no buildx plugin (exit 1, like any
// failed build); asking costs a process (and loading execa), so only failures pay for it.
async function assertBuildxInstalled(env: NodeJS.ProcessEnv): Promise<void> {
  const { runCommand } = await import('../exec/run.js');
  const probe = await runCommand('docker', ['buildx', 'version'], { env, extendEnv: false }).catch(() => undefined);
  if (probe && probe.exitCode !== 0) {
    const said = probe.stderr.trim().split('\n')[0] ?? '';
    throw new BuilderUnreachableError(`docker buildx is not installed (tried: docker buildx version${said ? `: ${said}` : ''})`);
  }
}

// Keeps the last lines (enough for buildx's error block after long RUN output)
// and shows each one filtered, when a filter is given.
async function readLines(stream: Readable, tail: string[], filter: ((line: string) => string) | undefined): Promise<void> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', (line) => {
    tail.push(line);
    if (tail.length > STDERR_TAIL_LINES) tail.shift();
    if (filter) process.stderr.write(`${filter(line)}\n`);
  });
  await once(lines, 'close');
}

async function readMetadata(path: string, previous: string | undefined): Promise<BuildxMetadata | undefined> {
  const text = await readText(path);
  if (text === undefined || text === previous) return undefined;
  try {
    // zod loads only now, after buildx finished: it is not on the path to spawning buildx.
    const { metadataSchema } = await import('./metadata.js');
    const parsed = metadataSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    debug(`metadata file ${path}: ${parsed.error.message}`);
  } catch (error) {
    debug(`metadata file ${path}: ${String(error)}`);
  }
  return undefined;
}

async function readText(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(() => undefined);
}

function signalNumber(signal: string | undefined): number {
  return (signal && constants.signals[signal as NodeJS.Signals]) || 1;
}
