import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { mergeBudgets, type Budgets } from '../config/budgets.js';
import { loadConfig } from '../config/config.js';
import { readDiveCi } from '../config/dive-ci.js';
import { errorMessage, GateFailedError, UsageError } from '../core/errors.js';
import type { ReportFormat } from '../core/report-formats.js';
import { checkGates } from '../gates/gates.js';
import { ImageUnreadableError } from '../image/index.js';
import { reportFromSource } from '../pipeline/report.js';
import { renderJson } from '../render/json.js';
import { emitCiAnnotations, wantsFileTrees, writeRequestedReports } from '../render/outputs.js';
import { renderTerminal } from '../render/terminal.js';
import { imageSource } from '../sources/image.js';

// `buildlens image SOURCE`: the report of any image, built here or not
// (dive's job): layers, sizes, waste, efficiency, findings; `-f Dockerfile`
// ties layers to its lines; dive's CI gates exit 3.

/** Options of `buildlens image`. */
export interface ImageOptions {
  source: string;
  /** Budgets from the command line. */
  budgets: Budgets;
  platform?: string | undefined;
  file?: string | undefined;
  target?: string | undefined;
  ciConfig?: string | undefined;
  json?: boolean | undefined;
  reportDir?: string | undefined;
  reportFormats?: ReportFormat[] | undefined;
  quiet?: boolean | undefined;
}

/** Runs `buildlens image`: open → report → write, print → gates. */
export async function runImage(opts: ImageOptions): Promise<number> {
  const dockerfile = opts.file ? { path: opts.file, text: await readDockerfile(opts.file) } : undefined;
  const fromCi = opts.ciConfig ? await readDiveCi(opts.ciConfig) : {};
  const config = await loadConfig(opts.file ? dirname(opts.file) : undefined);
  const source = await imageSource(opts.source, { platform: opts.platform, dockerfile, target: opts.target });
  let made;
  try {
    made = await reportFromSource(source, { measureLayers: true, fileTrees: wantsFileTrees(opts.reportFormats), config });
  } finally {
    await source.close();
  }
  // A layer that could not be read whole leaves numbers that are not the image's: say so, and stop.
  const [broken] = source.readErrors;
  if (broken)
    throw broken instanceof ImageUnreadableError
      ? broken
      : new ImageUnreadableError(`${opts.source}: ${errorMessage(broken)}`, { cause: broken });
  const { report } = made;
  if (opts.reportDir) await writeRequestedReports(opts.reportDir, report, opts.reportFormats, { fileTrees: made.fileTrees });
  if (dockerfile) emitCiAnnotations(report);
  if (opts.json) process.stdout.write(renderJson(report));
  else if (!opts.quiet)
    process.stdout.write(
      renderTerminal(report, {
        color: Boolean(process.stdout.isTTY),
        ...(process.stdout.isTTY && process.stdout.columns ? { width: process.stdout.columns } : {}),
      }),
    );
  // The command line over dive's CI file over buildlens.config.json.
  const gates = checkGates(report, mergeBudgets(mergeBudgets(config.budgets, fromCi), opts.budgets));
  if (gates.length > 0) throw new GateFailedError(gates.join('\n'));
  return 0;
}

async function readDockerfile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`-f ${path}: cannot read the Dockerfile (${errorMessage(error)})`, { cause: error });
  }
}
