// A stand-in for a bundler: copies src/ to build/ without comment lines, and
// leaves an intermediate compile cache behind in build/.cache, as real
// bundlers and compilers do.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';

mkdirSync('build/.cache', { recursive: true });
for (const name of readdirSync('src')) {
  const code = readFileSync(`src/${name}`, 'utf8');
  writeFileSync(`build/${name}`, code.split('\n').filter((line) => !line.trimStart().startsWith('//')).join('\n'));
}
// The bundle runs on its own, without the project's package.json.
writeFileSync('build/package.json', JSON.stringify({ type: 'module' }));
// Random bytes: a compile cache does not compress well either.
writeFileSync('build/.cache/modules.bin', randomBytes(16 * 1024 * 1024));
console.log('built', readdirSync('src').length, 'files');
