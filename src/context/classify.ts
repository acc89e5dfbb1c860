// Names in a context that rule BL008 (context larger than needed) and the
// secret checks care about. Paths are context-relative and slash-separated.

/** Directory names whose contents rarely belong in an image build's context. */
export const HEAVY_DIR_NAMES: ReadonlySet<string> = new Set([
  '.git',
  'node_modules',
  'dist',
  'build',
  'target',
  'coverage',
  '.next',
  '.cache',
  'vendor',
  '__pycache__',
  '.venv',
]);

/** The outermost heavy directory a path lies under ("a/node_modules"), if any. */
export function heavyRoot(relPath: string): string | undefined {
  const segments = relPath.split('/');
  // The last segment is the entry itself: a file named "build" is not a build directory.
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i];
    if (segment !== undefined && HEAVY_DIR_NAMES.has(segment)) return segments.slice(0, i + 1).join('/');
  }
  return undefined;
}

// Templates meant to be committed; flagging them would teach users to ignore the finding.
const ENV_TEMPLATES = new Set(['.env.example', '.env.sample', '.env.template', '.env.dist']);

/** Whether a path is named like a credential file (.env, keys, .npmrc, ...). */
export function isSecretLikePath(relPath: string): boolean {
  const name = relPath.slice(relPath.lastIndexOf('/') + 1);
  if (name === '.env') return true;
  if (name.startsWith('.env.')) return !ENV_TEMPLATES.has(name);
  if (/\.(pem|key|p12)$/.test(name)) return true;
  if (/^id_(rsa|ed25519)/.test(name)) return !name.endsWith('.pub');
  if (name === '.npmrc' || name === '.netrc' || name === '.git-credentials') return true;
  if (name === 'credentials.json') return true;
  return relPath === '.aws/credentials' || relPath.endsWith('/.aws/credentials');
}
