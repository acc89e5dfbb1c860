// Whether a build-arg *name* looks like it carries a credential. Only names
// are ever looked at: rules never see build-arg values.

// Words that mark a credential when they are a whole word of the name.
const SECRET_WORDS = new Set([
  'TOKEN',
  'PASSWORD',
  'PASSWD',
  'PASS',
  'SECRET',
  'SECRETS',
  'KEY',
  'APIKEY',
  'PRIVATEKEY',
  'CREDENTIAL',
  'CREDENTIALS',
  'AUTH',
  'PAT',
]);
// A last word that makes the name about a credential rather than the credential itself (a key's id, a token file's path).
const NOT_THE_SECRET = new Set(['ID', 'URL', 'URI', 'PATH', 'FILE', 'NAME', 'TYPE', 'SIZE', 'LENGTH', 'ALGORITHM']);

// NPM_TOKEN, npmToken and npm-token all give ["NPM", "TOKEN"].
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toUpperCase());
}

/**
 * True for NPM_TOKEN, DB_PASSWORD, AWS_SECRET_ACCESS_KEY, API_KEY, githubToken; false for TOKENIZER_MODEL,
 * KEYBOARD_LAYOUT, PUBLIC_KEY, AWS_ACCESS_KEY_ID.
 */
export function isSecretName(name: string): boolean {
  const parts = words(name);
  const last = parts[parts.length - 1];
  if (parts.includes('PUBLIC') || parts.includes('PUB') || (last !== undefined && NOT_THE_SECRET.has(last))) return false;
  return parts.some((w) => SECRET_WORDS.has(w));
}
