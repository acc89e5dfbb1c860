import { UsageError } from '../core/errors.js';
import { BUILDX_SHORT_FLAGS, BUILDX_VALUE_FLAGS } from './flags.js';
import { BUDGETS, setBudget, type BudgetKey, type Budgets } from '../config/budgets.js';
import { parseReportFormats, type ReportFormat } from '../core/report-formats.js';

// Splits `buildlens build` argv into buildlens's own options and the buildx
// arguments, which stay untouched and in order. buildlens's options are long
// flags no buildx version defines; `--` ends them. The buildx arguments are
// read the way pflag reads them (only to learn facts such as the context or
// the Dockerfile), never rewritten or validated: buildx reports its own errors.

/** buildlens's own options for `build`; the budgets are those of config/budgets.ts, by the same keys. */
export interface OwnBuildOptions extends Budgets {
  help: boolean;
  reportDir?: string;
  reportFormats?: ReportFormat[];
  baseline?: string;
  /** dive's CI file (.dive-ci), whose rules become budgets. */
  ciConfig?: string;
  noAnalysis: boolean;
}

/** One `--build-arg`. */
export interface BuildArg {
  name: string;
  /**
   * The value buildx sends: the inline one, else the environment's (`--build-arg NAME`);
   * absent when neither has one. In memory only (fingerprints, redaction, record
   * matching); non-enumerable so JSON and inspection never show it.
   */
  value?: string;
}

/** One `--secret`: where buildx reads it from (a file or an environment variable), never its value. */
export interface BuildSecret {
  id: string;
  /** `src=` / `source=`: a file path, as given (relative to the working directory). */
  src?: string;
  /** `env=`: an environment variable's name. */
  env?: string;
}

/** What buildlens learns from the buildx arguments (read only; it never changes them). */
export interface BuildxFacts {
  /** The one positional argument: a path, a URL or `-` (the last one if the user gave several). */
  contextArg?: string;
  /** `--file`: a path or `-` (stdin). */
  dockerfile?: string;
  target?: string;
  /** Every `--platform`, comma lists split. */
  platforms: string[];
  builder?: string;
  progress?: string;
  metadataFile?: string;
  /** `--call`, `--check` or `--print`: buildx evaluates instead of building. */
  call?: string;
  quiet: boolean;
  noCache: boolean;
  noCacheFilter: string[];
  buildArgNames: string[];
  buildArgs: BuildArg[];
  /** Every well-formed `--secret` (buildx reports malformed ones itself). */
  secrets: BuildSecret[];
  push: boolean;
  load: boolean;
  outputs: string[];
  /** Every `--tag` (`-t`). */
  tags: string[];
  /** The context or the Dockerfile comes from stdin, so buildx needs ours. */
  stdinUsed: boolean;
}

/** The result of splitting `buildlens build` argv. */
export interface BuildInvocation {
  buildxArgs: string[];
  own: OwnBuildOptions;
  facts: BuildxFacts;
}

type OwnSpec = { takesValue: boolean; apply: (own: OwnBuildOptions, value: string, flag: string) => void };

const OWN_OPTIONS: ReadonlyMap<string, OwnSpec> = new Map<string, OwnSpec>([
  ['--report-dir', { takesValue: true, apply: (o, v, f) => (o.reportDir = nonEmpty(v, f)) }],
  ['--report-format', { takesValue: true, apply: (o, v, f) => (o.reportFormats = parseFormats(v, f)) }],
  ...(Object.keys(BUDGETS) as BudgetKey[]).map((key): [string, OwnSpec] => [
    BUDGETS[key].flag,
    { takesValue: true, apply: (o, v) => setBudget(o, key, v) },
  ]),
  ['--baseline', { takesValue: true, apply: (o, v, f) => (o.baseline = nonEmpty(v, f)) }],
  ['--ci-config', { takesValue: true, apply: (o, v, f) => (o.ciConfig = nonEmpty(v, f)) }],
  ['--no-analysis', { takesValue: false, apply: (o, v, f) => (o.noAnalysis = parseBool(v, f)) }],
]);

/** A buildx flag as pflag saw it: canonical long name, and its value (absent for a bare boolean). */
interface FlagUse {
  name: string;
  value?: string;
}

/** Splits argv (everything after `build`); throws UsageError for a bad own option or a missing context. */
export function splitBuildArgv(argv: readonly string[]): BuildInvocation {
  const own: OwnBuildOptions = { help: false, noAnalysis: false };
  const buildxArgs: string[] = [];
  const flags: FlagUse[] = [];
  const positionals: string[] = [];
  let ownEnded = false; // our `--` seen: the rest belongs to buildx
  let flagsEnded = false; // buildx's own `--` seen: the rest are positionals

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!ownEnded) {
      if (arg === '--') {
        ownEnded = true;
        continue;
      }
      if (arg === '-h' || arg === '--help') {
        own.help = true;
        continue;
      }
      const [name, inline] = splitLong(arg);
      const spec = OWN_OPTIONS.get(name);
      if (spec) {
        if (spec.takesValue && inline === undefined && i + 1 >= argv.length) throw new UsageError(`${name} needs a value`);
        spec.apply(own, spec.takesValue ? (inline ?? argv[++i] ?? '') : (inline ?? 'true'), name);
        continue;
      }
    }
    buildxArgs.push(arg);
    if (flagsEnded || arg === '-' || !arg.startsWith('-')) positionals.push(arg);
    else if (arg === '--') flagsEnded = true;
    else if (arg.startsWith('--')) i = readLongFlag(argv, i, buildxArgs, flags);
    else i = readShortFlags(argv, i, buildxArgs, flags);
  }

  const facts = factsOf(flags, positionals);
  // `buildlens build -- --help` is buildx's help, which needs no context either.
  const buildxHelp = flags.some((f) => f.name === '--help' || f.name === '-h');
  if (!own.help && !buildxHelp && facts.contextArg === undefined) throw new UsageError('missing build context (e.g. `buildlens build .`)');
  if (own.reportFormats && !own.reportDir) throw new UsageError('--report-format needs --report-dir (where to write the files)');
  // Growth is measured against an earlier build; without one the budget would silently never apply.
  if (!own.help && own.maxGrowth !== undefined && own.baseline === undefined) {
    throw new UsageError(
      `${BUDGETS.maxGrowth.flag} needs --baseline PREV (the earlier build's report directory, report.json or .dockerbuild)`,
    );
  }
  return { buildxArgs, own, facts };
}

// `--name=value`, or `--name value` for a value flag (the next argument,
// whatever it looks like, as pflag does). Returns the last index consumed.
function readLongFlag(argv: readonly string[], i: number, out: string[], flags: FlagUse[]): number {
  const [name, inline] = splitLong(argv[i] ?? '');
  if (inline !== undefined) flags.push({ name, value: inline });
  else if (BUILDX_VALUE_FLAGS.has(name) && i + 1 < argv.length) {
    const value = argv[i + 1] ?? '';
    out.push(value);
    flags.push({ name, value });
    return i + 1;
  } else flags.push({ name });
  return i;
}

// A pflag short cluster: booleans may be grouped (`-qD`); a value flag takes
// the rest of the cluster (`-tname`, `-t=name`) or else the next argument.
function readShortFlags(argv: readonly string[], i: number, out: string[], flags: FlagUse[]): number {
  const cluster = argv[i] ?? '';
  for (let c = 1; c < cluster.length; c++) {
    const letter = cluster[c] ?? '';
    const spec = BUILDX_SHORT_FLAGS.get(letter);
    const name = spec?.long ?? `-${letter}`;
    if (!spec?.valued) {
      flags.push({ name });
      continue;
    }
    const rest = cluster.slice(c + 1);
    if (rest.length > 1 && rest.startsWith('=')) flags.push({ name, value: rest.slice(1) });
    else if (rest.length > 0) flags.push({ name, value: rest });
    else if (i + 1 < argv.length) {
      const value = argv[i + 1] ?? '';
      out.push(value);
      flags.push({ name, value });
      return i + 1;
    }
    return i;
  }
  return i;
}

function factsOf(flags: readonly FlagUse[], positionals: readonly string[]): BuildxFacts {
  const facts: BuildxFacts = {
    platforms: [],
    quiet: false,
    noCache: false,
    noCacheFilter: [],
    buildArgNames: [],
    buildArgs: [],
    secrets: [],
    push: false,
    load: false,
    outputs: [],
    tags: [],
    stdinUsed: false,
  };
  for (const { name, value } of flags) {
    // Single-valued flags: the last one wins, as in pflag.
    if (name === '--file') facts.dockerfile = value ?? '';
    else if (name === '--target') facts.target = value ?? '';
    else if (name === '--builder') facts.builder = value ?? '';
    else if (name === '--progress') facts.progress = value ?? '';
    else if (name === '--metadata-file') facts.metadataFile = value ?? '';
    else if (name === '--call' || name === '--print') facts.call = value ?? '';
    else if (name === '--check' && isTrue(value)) facts.call = 'check';
    else if (name === '--platform') facts.platforms.push(...splitList(value));
    else if (name === '--no-cache-filter') facts.noCacheFilter.push(...splitList(value));
    else if (name === '--output') facts.outputs.push(value ?? '');
    else if (name === '--tag') facts.tags.push(value ?? '');
    else if (name === '--build-arg') facts.buildArgs.push(buildArg(value ?? ''));
    else if (name === '--secret') facts.secrets.push(...buildSecret(value ?? ''));
    else if (name === '--quiet') facts.quiet = isTrue(value);
    else if (name === '--no-cache') facts.noCache = isTrue(value);
    else if (name === '--push') facts.push = isTrue(value);
    else if (name === '--load') facts.load = isTrue(value);
  }
  facts.buildArgNames = [...new Set(facts.buildArgs.map((a) => a.name))];
  const contextArg = positionals[positionals.length - 1];
  if (contextArg !== undefined) {
    facts.contextArg = contextArg;
  }
  facts.stdinUsed = facts.contextArg === '-' || facts.dockerfile === '-';
  return facts;
}

// "NAME=value" or "NAME" (buildx then sends the environment's value, if it has one).
function buildArg(assignment: string): BuildArg {
  const eq = assignment.indexOf('=');
  const arg: BuildArg = { name: eq < 0 ? assignment : assignment.slice(0, eq) };
  const value = eq >= 0 ? assignment.slice(eq + 1) : process.env[arg.name];
  if (value !== undefined) Object.defineProperty(arg, 'value', { value, enumerable: false });
  return arg;
}

// "id=s,src=FILE", "id=s,env=VAR", "type=env,id=s,src=VAR", or "id=s" alone:
// buildx's fields (util/buildflags/secrets.go); with neither src nor env,
// BuildKit reads the variable named by the id if set, else the file by that name.
function buildSecret(spec: string): BuildSecret[] {
  const fields = new Map<string, string>();
  for (const field of splitCsv(spec)) {
    const eq = field.indexOf('=');
    if (eq < 0) return [];
    const key = field.slice(0, eq).toLowerCase();
    fields.set(key === 'source' ? 'src' : key, field.slice(eq + 1));
  }
  const id = fields.get('id');
  if (!id || [...fields.keys()].some((k) => !['id', 'src', 'env', 'type'].includes(k))) return [];
  let src = fields.get('src');
  let env = fields.get('env');
  if (fields.get('type') === 'env' && !env) [env, src] = [src, undefined];
  if (!src && !env) {
    if (process.env[id] !== undefined) env = id;
    else src = id;
  }
  return [{ id, ...(src ? { src } : {}), ...(env ? { env } : {}) }];
}

// Comma-separated fields; a field in double quotes may hold commas ("" is a quote), as Go's CSV reader reads them.
function splitCsv(text: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields.filter((f) => f !== '');
}

function splitLong(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq > 2 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

// pflag's strconv.ParseBool spellings; a bare boolean flag means true.
function isTrue(value: string | undefined): boolean {
  return value === undefined || ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value);
}

function parseBool(value: string, flag: string): boolean {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  throw new UsageError(`${flag}: expected true or false, got "${value}"`);
}

function parseFormats(value: string, flag: string): ReportFormat[] {
  const formats = parseReportFormats(value);
  if ('error' in formats) throw new UsageError(`${flag}: ${formats.error}`);
  return formats;
}

function nonEmpty(value: string, flag: string): string {
  if (value === '') throw new UsageError(`${flag} needs a value`);
  return value;
}
