import { readFile } from 'node:fs/promises';
import { errorMessage, UsageError } from '../core/errors.js';
import { note } from '../core/log.js';
import { compareReports } from '../diff/compare.js';
import { diffSchema, type ImageDiff } from '../model/diff.js';
import { diffSide } from '../pipeline/diff-side.js';
import { renderDiff } from '../render/diff.js';
import { renderDiffMarkdown } from '../render/diff-markdown.js';

// `buildlens diff A B`: what grew, shrank and changed between two images or
// builds (`last`, a history ref, a .dockerbuild, any image source name).

/** Options of `buildlens diff`. */
export interface DiffOptions {
  a: string;
  b: string;
  /** Dockerfiles: one for both sides, or A's then B's (image sides only). */
  files?: string[] | undefined;
  builder?: string | undefined;
  platform?: string | undefined;
  top?: number | undefined;
  json?: boolean | undefined;
  markdown?: boolean | undefined;
}

/** Runs `buildlens diff`: read both sides → compare → print. */
export async function runDiff(opts: DiffOptions): Promise<number> {
  if (opts.json && opts.markdown) throw new UsageError('--json and --markdown: choose one');
  if ((opts.files?.length ?? 0) > 2) throw new UsageError("-f: at most two Dockerfiles (A's, then B's)");
  const [fileA, fileB = fileA] = await Promise.all((opts.files ?? []).map(readDockerfile));
  // One after the other: each side's layers are read while the other is idle (bounded memory, 2 cores).
  const a = await diffSide(opts.a, { builder: opts.builder, platform: opts.platform, dockerfile: fileA, say: note });
  const b = await diffSide(opts.b, { builder: opts.builder, platform: opts.platform, dockerfile: fileB, say: note });
  const diff = compareReports(a, b, opts.top ?? 10);
  process.stdout.write(
    opts.json
      ? renderDiffJson(diff)
      : opts.markdown
        ? renderDiffMarkdown(diff)
        : renderDiff(diff, process.stdout.isTTY && process.stdout.columns ? process.stdout.columns : Infinity),
  );
  return 0;
}

function renderDiffJson(diff: ImageDiff): string {
  return `${JSON.stringify(diffSchema().parse(diff), null, 2)}\n`;
}

async function readDockerfile(path: string): Promise<{ path: string; text: string }> {
  try {
    return { path, text: await readFile(path, 'utf8') };
  } catch (error) {
    throw new UsageError(`-f ${path}: cannot read the Dockerfile (${errorMessage(error)})`, { cause: error });
  }
}
