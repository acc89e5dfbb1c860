import type { DfInstruction } from './model.js';

// Reading the arguments of a few instructions the rules care about, so each
// rule does not re-derive shell-form vs JSON-form or flag repetition.

/** The value of every `--mount` flag of a RUN, in order (a RUN may have several). */
export function mountsOf(instruction: DfInstruction): string[] {
  return instruction.flagList.filter((f) => f.name === 'mount').map((f) => f.value ?? '');
}

/** Whether a RUN has a `--mount=type=cache,...`. */
export function hasCacheMount(instruction: DfInstruction): boolean {
  return mountsOf(instruction).some((m) => m.split(',').some((kv) => kv.trim().toLowerCase() === 'type=cache'));
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
 * The context paths a COPY/ADD written as text (a build step's instruction)
 * reads: none when it copies --from a stage or image, URLs left out.
 */
export function contextSourcesOfText(text: string): string[] {
  const head = /^\s*(COPY|ADD)\s+/i.exec(text);
  if (!head) return [];
  const words = text
    .replace(/\\\r?\n/g, ' ')
    .slice(head[0].length)
    .trim()
    .split(/\s+/);
  const flags: string[] = [];
  while (words[0]?.startsWith('--')) flags.push(words.shift() ?? '');
  if (flags.some((f) => f.startsWith('--from='))) return [];
  const sources = (jsonArray(words.join(' ')) ?? words).slice(0, -1);
  return sources.filter((p) => !/^[a-z]+:\/\//.test(p));
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
