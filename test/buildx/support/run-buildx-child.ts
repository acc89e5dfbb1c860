import { runBuildx } from '../../../src/buildx/runner.js';
import { InterruptedError } from '../../../src/core/errors.js';

// Runs runBuildx in a process of its own, so tests can send it real signals
// and watch it exit the way the CLI does (130/143 via InterruptedError).
// argv[2]: JSON of the buildx args; argv[3]: 'ignore' to not hand buildx stdin.
const buildxArgs: unknown = JSON.parse(process.argv[2] ?? '[]');
if (!Array.isArray(buildxArgs) || !buildxArgs.every((a) => typeof a === 'string')) throw new Error('argv[2] must be a JSON string array');
const run = await runBuildx({ buildxArgs, ...(process.argv[3] === 'ignore' ? { stdin: 'ignore' as const } : {}) });
process.stdout.write(`${JSON.stringify({ exitCode: run.exitCode, signal: run.signal ?? null })}\n`);
process.exitCode = run.signal ? new InterruptedError(run.signal).exitCode : run.exitCode;
