// Bundles the CLI (src/cli.ts and everything it imports, dependencies
// included) into dist/cli.js plus lazily loaded chunks in dist/chunks/.
// A wrapper's start-up is on every build's critical path: resolving and
// compiling hundreds of small modules costs more than the work before buildx
// is spawned, and one file per command loads several times faster.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const outdir = join(root, 'dist');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'src', 'cli.ts')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.11',
  chunkNames: 'chunks/[name]-[hash]',
  // Bundled CommonJS dependencies (grpc-js, protobufjs) call require().
  banner: { js: "import { createRequire as __buildlensCreateRequire } from 'node:module';\nconst require = __buildlensCreateRequire(import.meta.url);" },
  legalComments: 'linked',
  logLevel: 'warning',
});
process.stdout.write(`bundled the CLI into ${join(outdir, 'cli.js')}\n`);
