import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { exitOnSignal } from './buildx/signals.js';
import { exitWhenFlushed } from './core/exit.js';
import { UsageError } from './core/errors.js';
import { exitCodeOf } from './core/error-exit.js';
import { toolVersion } from './core/version.js';
import { parseReportFormats, REPORT_FORMATS, type ReportFormat } from './core/report-formats.js';
import { BUDGETS, imageBudgetKeys, setBudget, type Budgets } from './config/budgets.js';

// Every command but `build` (cli.ts takes that one before this file loads):
// parse, load the one command asked for (start-up time matters for a
// wrapper), and turn every error into one line and an exit code here.

function program(): Command {
  const cli = new Command('buildlens')
    .description('A drop-in for `docker buildx build` that ties timings, cache hits, layers and findings to Dockerfile lines.')
    .version(toolVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    // Help is 80 columns wherever it is printed, as docker's own: the same
    // text on a terminal and in a pipe, so `buildlens --help` can print the
    // copy made when the CLI was bundled (cli.ts) instead of loading this file.
    .configureHelp({ helpWidth: 80 })
    .showSuggestionAfterError(true);

  cli
    .command('build')
    .description('run `docker buildx build` with all its arguments, then report on the build')
    .usage('[docker buildx build options] CONTEXT')
    .helpOption(false)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .argument('[args...]');

  cli
    .command('report')
    .description("report on a build already made: in the builder's history (default: the last one), a .dockerbuild or a report directory")
    .argument('[source]', 'history ref, "last", FILE.dockerbuild[#REF], or a report directory / report.json', 'last')
    .option('--builder <name>', 'builder instance (as for buildx)')
    .option('--json', 'print report.json to stdout')
    .option('--report-dir <dir>', 'write report files into DIR')
    .option('--report-format <list>', `formats to write (${REPORT_FORMATS.join(',')}; json always)`, reportFormats)
    .option('--quiet', 'print nothing but errors')
    .option('--open', 'open the HTML report in a browser (or print its path)')
    .action(
      async (
        ref: string,
        opts: { builder?: string; json?: boolean; reportDir?: string; reportFormat?: ReportFormat[]; quiet?: boolean; open?: boolean },
      ) => {
        const { runReport } = await import('./commands/report.js');
        process.exitCode = await runReport({
          ref,
          ...pick(opts, ['builder', 'json', 'reportDir', 'quiet', 'open']),
          ...(opts.reportFormat ? { reportFormats: opts.reportFormat } : {}),
        });
      },
    );

  cli
    .command('why')
    .description('explain the cache misses of a build against the previous comparable one, or the one named')
    .argument('[source]', 'history ref, "last", FILE.dockerbuild[#REF], or a report directory / report.json', 'last')
    .option('--compare <source>', 'compare with this build (any source) instead of the previous comparable one')
    .option('--builder <name>', 'builder instance (as for buildx)')
    .option('--json', 'machine-readable output')
    .action(async (ref: string, opts: { compare?: string; builder?: string; json?: boolean }) => {
      const { runWhy } = await import('./commands/why.js');
      process.exitCode = await runWhy({ ref, ...pick(opts, ['compare', 'builder', 'json']) });
    });

  const image = cli
    .command('image')
    .description("report on any image, built here or not: layers, sizes, waste, efficiency (dive's), findings")
    .argument('<source>', 'a reference in the local engine (or docker:NAME), docker-archive:PATH, oci-archive:PATH, oci:DIR')
    .option('--platform <os/arch>', "which image of a multi-platform index (default: the engine's)")
    .option('-f, --file <Dockerfile>', 'the Dockerfile the image was built from: ties layers to its lines')
    .option('--target <stage>', 'the stage of the Dockerfile the image is (default: the last)')
    .option('--ci-config <file>', "dive's CI rules (.dive-ci: lowestEfficiency, highestWastedBytes, highestUserWastedPercent)")
    .option('--json', 'print report.json to stdout')
    .option('--report-dir <dir>', 'write report files into DIR')
    .option('--report-format <list>', `formats to write (${REPORT_FORMATS.join(',')}; json always)`, reportFormats)
    .option('--quiet', 'print nothing but errors');
  const budgets = budgetOptions(image);
  image.action(async (source: string, opts: ImageCliOptions) => {
    const { runImage } = await import('./commands/image.js');
    process.exitCode = await runImage({
      source,
      budgets: budgets(opts),
      ...pick(opts, ['platform', 'file', 'target', 'ciConfig', 'json', 'reportDir', 'quiet']),
      ...(opts.reportFormat ? { reportFormats: opts.reportFormat } : {}),
    });
  });

  cli
    .command('diff')
    .description('what grew, shrank and changed between two images or builds, per Dockerfile line')
    .argument('<a>', 'an image source name, or a build: "last", a history ref, a .dockerbuild file, a report directory')
    .argument('<b>', 'the same, to compare A with')
    .option('-f, --file <Dockerfile>', "the images' Dockerfile (give it twice: A's, then B's)", collect)
    .option('--platform <os/arch>', 'which image of a multi-platform index')
    .option('--builder <name>', 'builder instance for history refs (as for buildx)')
    .option('--top <n>', 'how many paths per file list', positiveInt, 10)
    .option('--json', 'machine-readable output')
    .option('--markdown', 'Markdown, for a pull-request comment')
    .action(
      async (
        a: string,
        b: string,
        opts: { file?: string[]; platform?: string; builder?: string; top: number; json?: boolean; markdown?: boolean },
      ) => {
        const { runDiff } = await import('./commands/diff.js');
        process.exitCode = await runDiff({
          a,
          b,
          top: opts.top,
          ...(opts.file ? { files: opts.file } : {}),
          ...pick(opts, ['platform', 'builder', 'json', 'markdown']),
        });
      },
    );

  cli
    .command('explain')
    .description('what a rule finds, why it matters and how to fix it')
    .argument('[rule]', 'a rule id such as BL003, or a BuildKit check such as BK/FromAsCasing (none: list all)')
    .action(async (rule: string | undefined) => {
      const { renderExplain } = await import('./render/explain.js');
      const text = renderExplain(rule);
      if (text === undefined) throw new UsageError(`unknown rule "${rule ?? ''}" (buildlens explain lists them)`);
      process.stdout.write(text);
    });

  cli
    .command('history')
    .description("list the builder's recent builds, newest first")
    .option('--builder <name>', 'builder instance (as for buildx)')
    .option('--json', 'machine-readable output')
    .option('--limit <n>', 'how many builds to show', positiveInt, 20)
    .action(async (opts: { builder?: string; json?: boolean; limit: number }) => {
      const { runHistory } = await import('./commands/history.js');
      process.exitCode = await runHistory(opts);
    });

  return cli;
}

/** Runs every command but `build` with argv (without node and script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    process.exitCode = 0;
    // Ctrl-C or SIGTERM while a report is made exits 130/143, so the exit
    // removes the builder connection's socket dir (a default death would not).
    exitOnSignal(
      async () => undefined,
      (code) => void exitWhenFlushed(code, 2_000),
    );
    await program().parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    // Help and version exit 0 (already printed); any other commander error is a usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    return exitCodeOf(error);
  }
}

// The same names `build --report-format` accepts; an unknown one is a usage error (exit 2).
function reportFormats(value: string): ReportFormat[] {
  const formats = parseReportFormats(value);
  if ('error' in formats) throw new InvalidArgumentError(formats.error);
  return formats;
}

/** Options of `image` as commander gives them (budget flags by their camel-cased names). */
interface ImageCliOptions extends Record<string, unknown> {
  platform?: string;
  file?: string;
  target?: string;
  ciConfig?: string;
  json?: boolean;
  reportDir?: string;
  reportFormat?: ReportFormat[];
  quiet?: boolean;
}

// The budget flags that apply to images, from the one budget table; returns what reads them back.
function budgetOptions(command: Command): (opts: Record<string, unknown>) => Budgets {
  const keys = imageBudgetKeys();
  for (const key of keys) command.option(`${BUDGETS[key].flag} <${BUDGETS[key].value.toLowerCase()}>`, BUDGETS[key].help);
  return (opts) => {
    const budgets: Budgets = {};
    for (const key of keys) {
      const text = opts[camelOf(BUDGETS[key].flag)];
      if (typeof text === 'string') setBudget(budgets, key, text);
    }
    return budgets;
  };
}

function camelOf(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

function pick<T extends object, K extends keyof T>(obj: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (obj[key] !== undefined) out[key] = obj[key];
  return out;
}
