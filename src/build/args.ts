import { UsageError } from '../errors.js';
import { BUILDX_SHORT_VALUE_FLAGS, BUILDX_VALUE_FLAGS } from './buildx-flags.js';
import { parseBytes, parseDuration, parseRatio, parsePercent } from './units.js';

// Splits `buildlens build` argv into buildlens's own options and the buildx
// arguments, which stay untouched and in order. buildlens's options are long
// flags no buildx version defines; `--` ends them.

/** buildlens's own options for `build`. */
export interface OwnBuildOptions {
  help: boolean;
  reportDir?: string;
  reportFormats?: string[];
  maxImageSize?: number;
  maxWasted?: number;
  minCacheRatio?: number;
  maxDuration?: number;
  failOn?: 'error' | 'warning';
  baseline?: string;
  maxGrowth?: number;
  noAnalysis: boolean;
}

/** What buildlens needs to know about the buildx invocation (read only; never changes it). */
export interface BuildxFacts {
  context?: string;
  dockerfile?: string;
  target?: string;
  platforms: string[];
  builder?: string;
  progress?: string;
  metadataFile?: string;
  quiet: boolean;
  noCache: boolean;
  noCacheFilter: string[];
  /** Build args by name; a value is kept in memory only, to fingerprint and redact it. */
  buildArgs: Array<{ name: string; value?: string }>;
  stdinUsed: boolean;
}

/** The result of splitting `buildlens build` argv. */
export interface BuildInvocation {
  buildxArgs: string[];
  own: OwnBuildOptions;
  facts: BuildxFacts;
}

type OwnSpec = { takesValue: boolean; apply: (own: OwnBuildOptions, value: string, flag: string) => void };

const FORMATS = new Set(['json', 'md', 'sarif', 'html', 'gitlab']);

const OWN: Record<string, OwnSpec> = {
  '--report-dir': { takesValue: true, apply: (o, v) => (o.reportDir = v) },
  '--report-format': {
    takesValue: true,
    apply: (o, v, flag) => {
      const formats = v.split(',').map((f) => f.trim()).filter(Boolean);
      const bad = formats.find((f) => !FORMATS.has(f));
      if (bad) throw new UsageError(`${flag}: unknown format "${bad}" (choose from ${[...FORMATS].join(', ')})`);
      o.reportFormats = formats;
    },
  },
  '--max-image-size': { takesValue: true, apply: (o, v, f) => (o.maxImageSize = parseBytes(v, f)) },
  '--max-wasted': { takesValue: true, apply: (o, v, f) => (o.maxWasted = parseBytes(v, f)) },
  '--min-cache-ratio': { takesValue: true, apply: (o, v, f) => (o.minCacheRatio = parseRatio(v, f)) },
  '--max-duration': { takesValue: true, apply: (o, v, f) => (o.maxDuration = parseDuration(v, f)) },
  '--fail-on': {
    takesValue: true,
    apply: (o, v, flag) => {
      if (v !== 'error' && v !== 'warning') throw new UsageError(`${flag}: expected "error" or "warning", got "${v}"`);
      o.failOn = v;
    },
  },
  '--baseline': { takesValue: true, apply: (o, v) => (o.baseline = v) },
  '--max-growth': { takesValue: true, apply: (o, v, f) => (o.maxGrowth = parsePercent(v, f)) },
  '--no-analysis': { takesValue: false, apply: (o) => (o.noAnalysis = true) },
};

/** Splits argv (everything after `build`); throws UsageError for bad own options or a missing context. */
export function splitBuildArgv(argv: readonly string[]): BuildInvocation {
  const own: OwnBuildOptions = { help: false, noAnalysis: false };
  const buildxArgs: string[] = [];
  const positionals: string[] = [];
  const flagValues: Array<[string, string]> = [];
  let ended = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (ended) {
      buildxArgs.push(arg);
      if (arg.startsWith('-') && arg !== '-') i = consumeBuildxFlag(argv, i, buildxArgs, flagValues);
      else positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      ended = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') {
      own.help = true;
      continue;
    }
    const [name, inline] = splitInline(arg);
    const spec = OWN[name];
    if (spec) {
      if (!spec.takesValue) {
        if (inline !== undefined) throw new UsageError(`${name} takes no value`);
        spec.apply(own, '', name);
        continue;
      }
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      spec.apply(own, value, name);
      continue;
    }
    buildxArgs.push(arg);
    if (arg.startsWith('-') && arg !== '-') i = consumeBuildxFlag(argv, i, buildxArgs, flagValues);
    else positionals.push(arg);
  }

  const facts = readFacts(flagValues, buildxArgs, positionals);
  if (!own.help && facts.context === undefined) throw new UsageError('missing build context (e.g. `buildlens build .`)');
  return { buildxArgs, own, facts };
}

// Copies a buildx flag's separate value (when it takes one) and records it; returns the last index used.
function consumeBuildxFlag(argv: readonly string[], i: number, out: string[], values: Array<[string, string]>): number {
  const arg = argv[i] ?? '';
  if (arg.startsWith('--')) {
    const [name, inline] = splitInline(arg);
    if (inline !== undefined) {
      values.push([name, inline]);
      return i;
    }
    if (BUILDX_VALUE_FLAGS.has(name) && i + 1 < argv.length) {
      const value = argv[i + 1] ?? '';
      out.push(value);
      values.push([name, value]);
      return i + 1;
    }
    values.push([name, '']);
    return i;
  }
  // Short flags: pflag allows -q, -tname, -t name, -f=- and groups of booleans.
  const short = arg.slice(1, 2);
  const longName = { f: '--file', t: '--tag', o: '--output', q: '--quiet', m: '--memory', c: '--cpu-shares' }[short] ?? `-${short}`;
  if (BUILDX_SHORT_VALUE_FLAGS.has(short)) {
    const attached = arg.slice(2);
    if (attached) {
      values.push([longName, attached.startsWith('=') ? attached.slice(1) : attached]);
      return i;
    }
    if (i + 1 < argv.length) {
      const value = argv[i + 1] ?? '';
      out.push(value);
      values.push([longName, value]);
      return i + 1;
    }
    return i;
  }
  for (const letter of arg.slice(1)) if (letter === 'q') values.push(['--quiet', '']);
  return i;
}

function readFacts(values: Array<[string, string]>, buildxArgs: string[], positionals: string[]): BuildxFacts {
  const facts: BuildxFacts = { platforms: [], quiet: false, noCache: false, noCacheFilter: [], buildArgs: [], stdinUsed: false };
  for (const [name, value] of values) {
    if (name === '--file') facts.dockerfile = value;
    else if (name === '--target') facts.target = value;
    else if (name === '--platform') facts.platforms.push(...value.split(',').map((p) => p.trim()).filter(Boolean));
    else if (name === '--builder') facts.builder = value;
    else if (name === '--progress') facts.progress = value;
    else if (name === '--metadata-file') facts.metadataFile = value;
    else if (name === '--quiet') facts.quiet = true;
    else if (name === '--no-cache') facts.noCache = value === '' || value === 'true';
    else if (name === '--no-cache-filter') facts.noCacheFilter.push(...value.split(',').filter(Boolean));
    else if (name === '--build-arg') {
      const eq = value.indexOf('=');
      facts.buildArgs.push(eq < 0 ? { name: value } : { name: value.slice(0, eq), value: value.slice(eq + 1) });
    }
  }
  if (positionals.length > 0) facts.context = positionals[positionals.length - 1];
  facts.stdinUsed = facts.context === '-' || facts.dockerfile === '-';
  void buildxArgs;
  return facts;
}

function splitInline(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return eq > 0 && arg.startsWith('--') ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}
