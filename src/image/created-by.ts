// An image history entry's `created_by` as the Dockerfile instruction it
// records. Each builder writes it its own way: BuildKit `RUN /bin/sh -c cmd
// # buildkit` (with `|N A=1 B=2 ` before the shell when build args were in
// scope), the classic builder `/bin/sh -c #(nop)  CMD ["sh"]` for metadata
// and `/bin/sh -c cmd` for RUN, kaniko the instruction as written. Build-arg
// values are dropped (only their names are kept): they never reach output.

/** An instruction read from `created_by`. */
export interface HistoryInstruction {
  /** Upper-case keyword (RUN, COPY, ADD, ENV, ...). */
  keyword: string;
  /** The instruction as a Dockerfile line would hold it (newlines kept). */
  text: string;
  /** The arguments after the keyword. */
  args: string;
  /** Build args in scope of a RUN (names only). */
  buildArgNames: string[];
}

const SHELL = /^(?:RUN\s+)?(\|\d+\s+.*?)?\/bin\/(?:ba)?sh -c\s+([\s\S]*)$/;
const NOP = /^\/bin\/(?:ba)?sh -c #\(nop\)\s*([\s\S]*)$/;

/** The instruction a `created_by` records; a bare command counts as RUN. */
export function historyInstruction(createdBy: string): HistoryInstruction {
  const text = createdBy.trim().replace(/\s+#\s*buildkit$/, '');
  const nop = NOP.exec(text);
  if (nop) return instruction((nop[1] ?? '').trim(), []);
  const shell = SHELL.exec(text);
  if (shell) return instruction(`RUN ${(shell[2] ?? '').trim()}`, argNames(shell[1] ?? ''));
  const args = /^RUN\s+(\|\d+\s+(?:[A-Za-z_][\w]*=\S*\s+)*)([\s\S]*)$/.exec(text);
  if (args) return instruction(`RUN ${(args[2] ?? '').trim()}`, argNames(args[1] ?? ''));
  if (/^[A-Z]+(?:\s|$)/.test(text)) return instruction(text, []);
  return instruction(`RUN ${text}`, []);
}

function instruction(text: string, buildArgNames: string[]): HistoryInstruction {
  const keyword = /^\S+/.exec(text)?.[0]?.toUpperCase() ?? '';
  return { keyword, text, args: text.slice(keyword.length).trim(), buildArgNames };
}

// `|2 A=1 B=x y ` lists the build args in scope: names only (values may hold spaces).
function argNames(prefix: string): string[] {
  return [...prefix.matchAll(/(?:^|\s)([A-Za-z_][\w]*)=/g)].map((m) => m[1] ?? '').filter(Boolean);
}
