import type { CategoryFacts, PathCategory } from '../model/facts.js';
import { keepLargest, type SizedPath } from './top-list.js';

// Well-known paths rules care about, as a table: one pattern per row, tested
// as a table. Paths are relative to the image root, without a leading slash.

/** The category table, first match wins; exported so tests can check every row is reachable. */
export const CATEGORY_TABLE: ReadonlyArray<readonly [PathCategory, RegExp]> = [
  ['apt-lists', /^var\/lib\/apt\/lists\/(?!lock$|partial\/?$|auxfiles\/?$)./],
  ['apt-archives', /^var\/cache\/apt\/(archives\/.+\.deb$|[^/]+\.bin$)/],
  ['apk-cache', /^(var\/cache\/apk|etc\/apk\/cache)\/./],
  ['pip-cache', /^(root|home\/[^/]+)\/\.cache\/pip\/./],
  // Not _logs: `npm cache clean --force`, the fix BL002 gives, leaves npm's debug logs where they are.
  ['npm-cache', /^(root|home\/[^/]+)\/\.npm\/_cacache\/./],
  [
    'yarn-cache',
    /^(usr\/local\/share\/\.cache\/yarn|(root|home\/[^/]+)\/\.cache\/yarn|(root|home\/[^/]+)\/\.yarn\/berry\/cache)\/.|(^|\/)\.yarn\/cache\/./,
  ],
  ['go-cache', /^((root|home\/[^/]+)\/(\.cache\/go-build|go\/pkg\/mod)|go\/pkg\/mod)\/./],
  // Licence and copyright files are kept on purpose (slim images keep them too): not docs.
  ['docs', /^usr\/(local\/)?share\/(doc|man|info|gtk-doc)\/(?![^/]+\/(copyright|LICEN[CS]E[^/]*|COPYING[^/]*)$)./],
  ['locales', /^usr\/share\/(locale|i18n)\/./],
  [
    'toolchain',
    /^(usr\/(local\/)?bin\/([a-z0-9_]+-linux-gnu-)?(gcc|g\+\+|cc|c\+\+|cpp|clang|clang\+\+|ld|ld\.bfd|ld\.gold|as|rustc|cargo)(-\d+(\.\d+)*)?$|usr\/(lib|libexec)\/gcc\/.|usr\/include\/.|usr\/lib\/llvm-\d+\/.|usr\/local\/go\/.|usr\/lib\/go-\d\.\d+\/.|(root|usr\/local)\/\.?(rustup|cargo)\/toolchains\/.)/,
  ],
  [
    'secret',
    /(^|\/)(\.env(\.(?!example$|sample$|template$|dist$)[^/]+)?|id_(rsa|dsa|ecdsa|ed25519)|[^/]+\.pem|[^/]+\.key|[^/]+\.p12|[^/]+\.pfx|\.npmrc|\.netrc|\.git-credentials|\.pypirc|credentials\.json|\.aws\/credentials|\.docker\/config\.json)$/,
  ],
];

// Where key-like names are public material or a dependency's test fixture,
// not the user's secret: CA bundles, system packages, installed dependencies.
const NOT_SECRET =
  /^(etc\/ssl\/certs|etc\/ca-certificates|usr\/share|usr\/lib|usr\/local\/lib|usr\/local\/share|usr\/src|opt\/[^/]+\/lib)\/|(^|\/)(node_modules|site-packages|dist-packages|vendor|\.git)\//;

// True for every base name the secret row can match: a cheap test first, as a layer may hold 100 000 paths.
function mayBeSecret(path: string): boolean {
  const at = path.lastIndexOf('/') + 1;
  const is = (name: string): boolean => path.length - at === name.length && path.endsWith(name);
  return (
    path.startsWith('.', at) ||
    path.startsWith('id_', at) ||
    /\.(pem|key|p12|pfx)$/.test(path) ||
    is('credentials.json') ||
    is('credentials') ||
    is('config.json')
  );
}

/** The category of a path, if it is a well-known one. */
export function categorize(path: string): PathCategory | undefined {
  for (const [category, pattern] of CATEGORY_TABLE) {
    if (category === 'secret' && !mayBeSecret(path)) continue;
    if (!pattern.test(path)) continue;
    if (category === 'secret' && NOT_SECRET.test(path)) return undefined;
    return category;
  }
  return undefined;
}

/** How many example paths a category keeps (the largest). */
const EXAMPLES = 10;

/** Bytes, files and the largest example paths per category, tallied file by file. */
export class CategoryTallies {
  private readonly tallies = new Map<PathCategory, { bytes: number; files: number; examples: SizedPath[] }>();

  add(category: PathCategory, path: string, size: number): void {
    let tally = this.tallies.get(category);
    if (!tally) {
      tally = { bytes: 0, files: 0, examples: [] };
      this.tallies.set(category, tally);
    }
    tally.bytes += size;
    tally.files++;
    keepLargest(tally.examples, { path, size }, EXAMPLES);
  }

  facts(): CategoryFacts[] {
    return [...this.tallies].map(([category, t]) => ({ category, bytes: t.bytes, files: t.files, paths: t.examples.map((e) => e.path) }));
  }
}
