#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { exitCodeOf } from './core/error-exit.js';
import { exitWhenFlushed } from './core/exit.js';

// Entry point. `build` is on every build's critical path: it goes straight to
// the command that spawns buildx, before the parser of the other commands
// (commander) is even loaded; `build` takes buildx's arguments verbatim, so
// no parser of ours may touch them anyway.

// zod compiles a parser for each object schema on its first use (new
// Function); a CLI parses each kind of document a few times per process, so
// compiling costs more than it saves (~20-50 ms of every build's report, seen
// in CPU profiles). zod reads its global config from here when it loads.
(globalThis as { __zod_globalConfig?: { jitless?: boolean } }).__zod_globalConfig ??= { jitless: true };

// A reader that leaves early (`buildlens history | head -1`) closes the pipe.
// Node ignores SIGPIPE, so each later write fails with EPIPE, and an EPIPE
// with no listener was a stack trace. What is still written is dropped, as
// the reader wants, and the command ends with its own exit code.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });

/** Runs the CLI with argv (without node and script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h') && printBundledHelp()) return 0;
    if (argv[0] !== 'build') return await (await import('./program.js')).main(argv);
    const { runBuild } = await import('./commands/build.js');
    return await runBuild(argv.slice(1));
  } catch (error) {
    return exitCodeOf(error);
  }
}

// `buildlens --help` is the program's help as commander printed it when the
// CLI was bundled (scripts/bundle.mjs writes it beside this file): printing
// it costs nothing, while loading commander and every command's options to
// format the same text took most of the help's start-up time. Unbundled (or
// when the copy is missing), commander prints it.
function printBundledHelp(): boolean {
  let text: string;
  try {
    text = readFileSync(new URL('./help.txt', import.meta.url), 'utf8');
  } catch {
    return false;
  }
  process.stdout.write(text);
  return true;
}

await exitWhenFlushed(await main(process.argv.slice(2)));
