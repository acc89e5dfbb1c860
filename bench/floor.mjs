// The floor of any Node wrapper of buildx: start Node, spawn `docker buildx
// build ARGS` with inherited stdio, exit with its code. What buildlens costs
// beyond this is its own work; up to this is the price of being a Node CLI.
// Usage: node bench/floor.mjs [docker buildx build arguments]
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const child = spawn('docker', ['buildx', 'build', ...process.argv.slice(2)], { stdio: 'inherit' });
// Ctrl-C reaches buildx through the terminal's process group; the wrapper waits for it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});
child.on('error', (error) => {
  process.stderr.write(`floor: could not run docker: ${error.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 1)));
