import { describe, expect, test } from 'vitest';
import { isSecretName } from '../../src/core/secret-names.js';

// Build-arg names that carry credentials (BL009): names only, never values.

describe('isSecretName', () => {
  test.each(['NPM_TOKEN', 'GITHUB_TOKEN', 'DB_PASSWORD', 'AWS_SECRET_ACCESS_KEY', 'API_KEY', 'APIKEY', 'SSH_KEY', 'SSH_PRIVATE_KEY', 'npmToken', 'registry-password', 'CLIENT_SECRET', 'GH_PAT'])('%s is a secret name', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  test.each(['VERSION', 'NODE_ENV', 'TOKENIZER_MODEL', 'AUTHOR', 'KEYBOARD_LAYOUT', 'PUBLIC_KEY', 'GPG_PUB_KEY', 'AWS_ACCESS_KEY_ID', 'TOKEN_FILE', 'SECRET_PATH', 'MONKEY', 'PASSPORT_VERSION'])('%s is not', (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});
