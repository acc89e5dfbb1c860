// Bundles the CLI (src/cli.ts and everything it imports, dependencies
// included) into dist/cli.js plus lazily loaded chunks in dist/chunks/.
// A wrapper's start-up is on every build's critical path: resolving and
// compiling hundreds of small modules costs more than the work before buildx
// is spawned, and one file per command loads several times faster.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;

// zod exports every locale it has (`z.locales`) and uses English unless told
// otherwise; buildlens never tells it otherwise. The other locales were half
// of zod's bundled code and compiled on every build: only English is kept.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: join(args.resolveDir, '..', 'locales', 'en.js'), namespace: 'zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};\n`,
      resolveDir: root,
      loader: 'js',
    }));
  },
};
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
  plugins: [zodEnglishOnly],
});
// `buildlens --help` prints this copy of the program's help (src/cli.ts), made
// by the bundle itself before the copy exists, so it is commander's own text.
const cli = join(outdir, 'cli.js');
writeFileSync(join(outdir, 'help.txt'), execFileSync(process.execPath, [cli, '--help'], { encoding: 'utf8' }));
process.stdout.write(`bundled the CLI into ${cli}\n`);
