import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { startCommand } from '../exec/run.js';
import { BuilderUnreachableError } from '../errors.js';

// Runs `docker buildx build` with the user's arguments untouched, adding only
// --metadata-file (to a private temp dir) when the user gave none, so the
// build's history ref can be read afterwards. Signals are forwarded; the temp
// dir is removed on every path.

const metadataSchema = z
  .object({
    'buildx.build.ref': z.string().optional(),
    'containerimage.digest': z.string().optional(),
    'image.name': z.string().optional(),
  })
  .passthrough();

/** What buildx wrote to its metadata file. */
export type BuildxMetadata = z.infer<typeof metadataSchema>;

/** Options of one buildx run. */
export interface RunBuildxOptions {
  buildxArgs: readonly string[];
  /** The user's own --metadata-file, read after the build and left in place. */
  userMetadataFile?: string;
  env?: NodeJS.ProcessEnv;
  /** Called once the child exists, e.g. to start watching history. */
  onSpawn?: () => void;
  /**
   * When set, buildx's stderr is piped through this line filter instead of
   * inherited. Used when stderr is not a terminal: buildx then prints plain
   * progress anyway, and its step names carry interpolated build-arg values.
   */
  filterStderr?: (line: string) => string;
}

/** The outcome of a buildx run. */
export interface BuildxRun {
  exitCode: number;
  signal?: NodeJS.Signals;
  metadata?: BuildxMetadata;
  /** The history ref: the last segment of buildx.build.ref ("builder/node/ref"). */
  ref?: string;
  nodeName?: string;
  startedAt: Date;
  completedAt: Date;
}

/** Runs buildx to completion with inherited stdio, forwarding SIGINT/SIGTERM. */
export async function runBuildx(opts: RunBuildxOptions): Promise<BuildxRun> {
  const tempDir = opts.userMetadataFile ? undefined : await mkdtemp(join(tmpdir(), 'buildlens-run-'));
  const metadataFile = opts.userMetadataFile ?? join(tempDir ?? '', 'metadata.json');
  const args = ['buildx', 'build', ...(opts.userMetadataFile ? [] : ['--metadata-file', metadataFile]), ...opts.buildxArgs];
  const startedAt = new Date();
  let received: NodeJS.Signals | undefined;
  try {
    const child = startCommand('docker', args, {
      stdio: ['inherit', 'inherit', opts.filterStderr ? 'pipe' : 'inherit'],
      reject: false,
      env: opts.env ?? process.env,
      extendEnv: false,
      cleanup: true,
      buffer: false,
    });
    const filter = opts.filterStderr;
    if (filter && child.stderr) {
      const lines = createInterface({ input: child.stderr, crlfDelay: Infinity });
      lines.on('line', (line) => process.stderr.write(`${filter(line)}\n`));
    }
    const forward = (signal: NodeJS.Signals): void => {
      // A second interrupt while buildx winds down ends it at once.
      child.kill(received ? 'SIGKILL' : signal);
      received ??= signal;
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    opts.onSpawn?.();
    let result;
    try {
      result = await child;
    } finally {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
    }
    if (result.failed && result.exitCode === undefined && !result.signal && !received) {
      const cause = result.cause;
      if (cause instanceof Error && 'code' in cause && cause.code === 'ENOENT') {
        throw new BuilderUnreachableError('the docker CLI was not found on the PATH (tried: docker buildx build); install Docker with the buildx plugin', { cause });
      }
      throw new Error(`could not run docker buildx build: ${result.message}`, { cause: result });
    }
    const run: BuildxRun = { exitCode: result.exitCode ?? (result.signal ? 128 + signalNumber(result.signal) : 1), startedAt, completedAt: new Date() };
    const signal = received ?? (result.signal as NodeJS.Signals | undefined);
    if (signal) run.signal = signal;
    const metadata = await readMetadata(metadataFile);
    if (metadata) {
      run.metadata = metadata;
      const parts = metadata['buildx.build.ref']?.split('/') ?? [];
      if (parts.length >= 3) {
        run.ref = parts[parts.length - 1];
        run.nodeName = parts[parts.length - 2];
      }
    }
    return run;
  } finally {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}

async function readMetadata(path: string): Promise<BuildxMetadata | undefined> {
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function signalNumber(signal: string): number {
  return signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : signal === 'SIGKILL' ? 9 : 1;
}
