// Argv as debug output shows it: build-arg values masked, shell-quoted.

/** Argv with build-arg values masked, so even debug output never shows them. */
export function redactArgv(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const prev = args[i - 1];
    if (prev === '--build-arg') out.push(maskValue(arg));
    else if (arg.startsWith('--build-arg=')) out.push(`--build-arg=${maskValue(arg.slice('--build-arg='.length))}`);
    else out.push(arg);
  }
  return out;
}

/** One argument quoted for a shell, when it needs it. */
export function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

function maskValue(assignment: string): string {
  const eq = assignment.indexOf('=');
  return eq < 0 ? assignment : `${assignment.slice(0, eq)}=***`;
}
