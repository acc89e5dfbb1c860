#!/usr/bin/env node
import { exitCodeOf } from './core/error-exit.js';
import { exitWhenFlushed } from './core/exit.js';

// Entry point. `build` is on every build's critical path: it goes straight to
// the command that spawns buildx, before the parser of the other commands
// (commander) is even loaded; `build` takes buildx's arguments verbatim, so
// no parser of ours may touch them anyway.

/** Runs the CLI with argv (without node and script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    if (argv[0] !== 'build') return await (await import('./program.js')).main(argv);
    const { runBuild } = await import('./commands/build.js');
    return await runBuild(argv.slice(1));
  } catch (error) {
    return exitCodeOf(error);
  }
}

await exitWhenFlushed(await main(process.argv.slice(2)));
