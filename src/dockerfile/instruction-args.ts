import type { DfInstruction } from './model.js';

// Reading the arguments of a few instructions the rules care about, so each
// rule does not re-derive shell-form vs JSON-form or flag repetition.

/** The value of every `--mount` flag of a RUN, in order (a RUN may have several). */
export function mountsOf(instruction: DfInstruction): string[] {
  return instruction.flagList.filter((f) => f.name === 'mount').map((f) => f.value ?? '');
}

/** The options of one `--mount` value (`type=bind,source=a,ro`): keys lower-cased, a bare key maps to ''. */
function mountOptions(value: string): Map<string, string> {
  return new Map(
    value.split(',').map((kv) => {
      const eq = kv.indexOf('=');
      return eq < 0 ? [kv.trim().toLowerCase(), ''] : [kv.slice(0, eq).trim().toLowerCase(), kv.slice(eq + 1).trim()];
    }),
  );
}

/** Whether a RUN has a `--mount=type=cache,...`. */
export function hasCacheMount(instruction: DfInstruction): boolean {
  return mountsOf(instruction).some((m) => mountOptions(m).get('type')?.toLowerCase() === 'cache');
}

// JSON form: COPY ["src", "dest"]; BuildKit falls back to shell form when it is not a JSON string array.
function jsonArray(args: string): string[] | undefined {
  const trimmed = args.trim();
  if (!trimmed.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The sources of a COPY or ADD (everything but the destination), flags excluded. */
export function copySources(instruction: DfInstruction): string[] {
  const words = jsonArray(instruction.args) ?? instruction.words;
  return words.slice(0, -1);
}

/**
 * The context paths a build step, written as text (its instruction), reads:
 * a COPY/ADD's sources (none when it copies --from a stage or image, URLs
 * left out), and what a RUN bind-mounts from the context
 * (`--mount=type=bind,source=package.json`, the context's root when no source
 * is given; not a mount `from` a stage, an image or a named context). Its
 * cache key covers the content of exactly these paths.
 */
export function contextSourcesOfText(text: string): string[] {
  const flat = text.replace(/\\\r?\n/g, ' ');
  const run = /^\s*RUN\s+/i.exec(flat);
  if (run) return bindSourcesOf(flagsOf(flat.slice(run[0].length).trim().split(/\s+/)));
  const head = /^\s*(COPY|ADD)\s+/i.exec(flat);
  if (!head) return [];
  const words = flat.slice(head[0].length).trim().split(/\s+/);
  const flags = flagsOf(words);
  if (flags.some((f) => f.startsWith('--from='))) return [];
  const sources = (jsonArray(words.join(' ')) ?? words).slice(0, -1);
  return sources.filter((p) => !/^[a-z]+:\/\//.test(p));
}

// Takes the leading `--flag` words off `words` and returns them.
function flagsOf(words: string[]): string[] {
  const flags: string[] = [];
  while (words[0]?.startsWith('--')) flags.push(words.shift() ?? '');
  return flags;
}

// The context paths of a RUN's bind mounts; a mount's type is bind when it names none.
function bindSourcesOf(flags: readonly string[]): string[] {
  const sources: string[] = [];
  for (const flag of flags) {
    if (!flag.startsWith('--mount=')) continue;
    const options = mountOptions(flag.slice('--mount='.length));
    if ((options.get('type') ?? 'bind').toLowerCase() !== 'bind' || options.has('from')) continue;
    sources.push(options.get('source') || options.get('src') || '.');
  }
  return sources;
}

/** Whether a COPY/ADD takes the build context wholesale (`.`, `./`, `*`), not named files. */
export function copiesWholeContext(instruction: DfInstruction): boolean {
  if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || instruction.flags.from !== undefined) return false;
  return copySources(instruction).some((s) => s === '.' || s === './' || s === '*' || s === './*');
}

/** The names an ARG declares: `ARG A=1 B` declares A and B (values are never returned). */
export function argNames(instruction: DfInstruction): string[] {
  if (instruction.keyword !== 'ARG') return [];
  return instruction.words.map((w) => w.split('=')[0] ?? '').filter((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
}

/** The user a USER instruction switches to (the part before `:`). */
export function userOf(instruction: DfInstruction): string {
  return (instruction.words[0] ?? '').split(':')[0] ?? '';
}
