import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFilesAtomic } from '../core/atomic-write.js';
import type { Report } from '../model/report.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderTerminal } from './terminal.js';
import { renderJson, type Renderer } from './json.js';

// The report directory: report.json always (validated against schema v1
// before a byte is written), plus the formats asked for, all written to temp
// files before any is renamed into place: a failed write (a full disk) leaves
// the previous report whole, a killed run the previous file or the new one. It
// holds one build's report: a format the previous run wrote and this one did
// not is removed (only buildlens's own file names are ever touched).

export { renderJson } from './json.js';

/** Formats this module renders itself; others (html) come in through `opts.renderers`. */
export type BuiltinFormat = 'json' | 'md' | 'sarif' | 'txt';

/** Options of writeReportFiles. */
export interface WriteReportOptions {
  /** The Dockerfile's path relative to the repository, for SARIF locations. */
  dockerfileUri?: string;
  /** Renderers of further formats by name, e.g. `{ html: { file: 'report.html', render } }`. */
  renderers?: Record<string, { file: string; render: Renderer }>;
}

const BUILTIN: Record<Exclude<BuiltinFormat, 'json'>, (opts: WriteReportOptions) => { file: string; render: Renderer }> = {
  md: () => ({ file: 'report.md', render: renderMarkdown }),
  sarif: (opts) => ({
    file: 'report.sarif',
    render: (r) => renderSarif(r, opts.dockerfileUri ? { dockerfileUri: opts.dockerfileUri } : {}),
  }),
  txt: () => ({ file: 'report.txt', render: (r) => renderTerminal(r) }),
};

/** A format named that no renderer knows. */
export class UnknownReportFormatError extends Error {
  constructor(format: string) {
    super(`unknown report format "${format}" (known: json, md, sarif, txt and any given renderer)`);
    this.name = 'UnknownReportFormatError';
  }
}

/** Writes report.json and each requested format into `dir`; returns the paths written, report.json first. */
export async function writeReportFiles(
  dir: string,
  report: Report,
  formats: readonly string[],
  opts: WriteReportOptions = {},
): Promise<string[]> {
  // Render everything first: a schema error or a bad format name leaves the directory untouched.
  const files: Array<{ path: string; data: string }> = [{ path: join(dir, 'report.json'), data: renderJson(report) }];
  for (const format of new Set(formats)) {
    if (format === 'json') continue;
    const renderer = opts.renderers?.[format] ?? (format in BUILTIN ? BUILTIN[format as keyof typeof BUILTIN](opts) : undefined);
    if (!renderer) throw new UnknownReportFormatError(format);
    files.push({ path: join(dir, renderer.file), data: renderer.render(report) });
  }
  await mkdir(dir, { recursive: true });
  // Readable by others: reports are shared.
  await writeFilesAtomic(files, { mode: 0o644 });
  const written = new Set(files.map((f) => f.path));
  const known = [...Object.values(BUILTIN).map((make) => make(opts).file), ...Object.values(opts.renderers ?? {}).map((r) => r.file)];
  for (const name of known) if (!written.has(join(dir, name))) await rm(join(dir, name), { force: true });
  return files.map((f) => f.path);
}
