import { describe, expect, test } from 'vitest';
import type { PathCategory } from '../../src/model/facts.js';
import { CATEGORY_TABLE, categorize } from '../../src/layers/index.js';
import { PATH_CATEGORIES } from '../../src/layers/facts-schema.js';

const cases: Array<[string, PathCategory | undefined]> = [
  ['var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4', 'apt-lists'],
  ['var/lib/apt/lists/lock', undefined],
  ['var/lib/apt/lists/partial/', undefined],
  ['var/cache/apt/archives/curl_7.88.1-10_amd64.deb', 'apt-archives'],
  ['var/cache/apt/pkgcache.bin', 'apt-archives'],
  ['var/cache/apt/archives/lock', undefined],
  ['var/cache/apk/APKINDEX.abc.tar.gz', 'apk-cache'],
  ['root/.cache/pip/http-v2/a/b', 'pip-cache'],
  ['home/app/.cache/pip/wheels/x.whl', 'pip-cache'],
  ['root/.npm/_cacache/index-v5/x', 'npm-cache'],
  ['home/node/.npm/_cacache/content-v2/sha512/x', 'npm-cache'],
  ['root/.npm/_logs/2026-11-29T16_05_23_164Z-debug-0.log', undefined],
  ['usr/local/share/.cache/yarn/v6/npm-x.tgz', 'yarn-cache'],
  ['app/.yarn/cache/lodash-npm-4.17.21.zip', 'yarn-cache'],
  ['root/.cache/yarn/v6/x', 'yarn-cache'],
  ['root/.cache/go-build/aa/x-d', 'go-cache'],
  ['go/pkg/mod/github.com/x/y@v1/z.go', 'go-cache'],
  ['root/go/pkg/mod/cache/download/x', 'go-cache'],
  ['usr/share/doc/curl/copyright', undefined],
  ['usr/share/doc/libfoo/LICENSE.txt', undefined],
  ['usr/share/doc/curl/changelog.Debian.gz', 'docs'],
  ['usr/share/doc/git/contrib/copyright', 'docs'],
  ['usr/share/man/man1/ls.1.gz', 'docs'],
  ['usr/share/info/dir', 'docs'],
  ['usr/share/locale/de/LC_MESSAGES/coreutils.mo', 'locales'],
  ['usr/share/i18n/charmaps/UTF-8.gz', 'locales'],
  ['usr/bin/gcc-12', 'toolchain'],
  ['usr/bin/x86_64-linux-gnu-gcc-12', 'toolchain'],
  ['usr/bin/g++', 'toolchain'],
  ['usr/include/stdio.h', 'toolchain'],
  ['usr/lib/gcc/x86_64-linux-gnu/12/cc1', 'toolchain'],
  ['usr/local/go/bin/go', 'toolchain'],
  ['usr/bin/gcov', undefined],
  ['app/.env', 'secret'],
  ['app/.env.production', 'secret'],
  ['app/.env.example', undefined],
  ['root/.ssh/id_rsa', 'secret'],
  ['root/.ssh/id_ed25519', 'secret'],
  ['app/certs/server.pem', 'secret'],
  ['app/server.key', 'secret'],
  ['root/.aws/credentials', 'secret'],
  ['root/.npmrc', 'secret'],
  ['root/.netrc', 'secret'],
  ['root/.git-credentials', 'secret'],
  ['etc/ssl/certs/ca-certificates.pem', undefined],
  ['app/node_modules/x/test/key.pem', undefined],
  ['usr/lib/python3/dist-packages/x/test.key', undefined],
  ['usr/bin/node', undefined],
  ['app/src/environment.ts', undefined],
];

describe('path categories', () => {
  test.each(cases)('%s is %s', (path, category) => {
    expect(categorize(path)).toBe(category);
  });

  test('every category has a row in the table and a case above that reaches it', () => {
    expect(CATEGORY_TABLE.map(([category]) => category).sort()).toEqual([...PATH_CATEGORIES].sort());
    const reached = new Set(cases.map(([, category]) => category));
    for (const category of PATH_CATEGORIES) expect(reached.has(category), category).toBe(true);
  });
});

describe('the quick pre-test of the secret row', () => {
  // The table scan as it reads, without any pre-test.
  const plain = (path: string): PathCategory | undefined => {
    for (const [category, pattern] of CATEGORY_TABLE) {
      if (!pattern.test(path)) continue;
      if (category === 'secret' && /^(etc\/ssl\/certs|etc\/ca-certificates|usr\/share|usr\/lib|usr\/local\/lib|usr\/local\/share|usr\/src|opt\/[^/]+\/lib)\/|(^|\/)(node_modules|site-packages|dist-packages|vendor|\.git)\//.test(path)) return undefined;
      return category;
    }
    return undefined;
  };
  test('never changes a result', () => {
    const bases = ['.env', '.env.local', '.env.example', 'id_rsa', 'id_ed25519', 'server.pem', 'tls.key', 'a.p12', 'b.pfx', '.npmrc', '.netrc', '.git-credentials', '.pypirc', 'credentials.json', 'credentials', 'config.json', 'env', 'pem', 'key.txt', 'xcredentials.json', 'my-config.json', 'id-rsa', 'notes.md'];
    const dirs = ['', 'app/', 'root/.aws/', 'home/u/.docker/', 'root/.ssh/', 'usr/share/x/', 'app/node_modules/p/', 'srv/.aws/x/'];
    for (const dir of dirs) for (const base of bases) expect(categorize(dir + base), dir + base).toBe(plain(dir + base));
    for (const [path] of cases) expect(categorize(path), path).toBe(plain(path));
  });
});

